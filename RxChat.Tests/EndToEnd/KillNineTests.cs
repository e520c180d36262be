using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The log is durable: a real server process on a data directory, clients chatting at full
/// speed, <c>kill -9</c> in the middle, a new process on the same directory. Every chat line
/// that reached anyone before the kill is in the room's history afterwards, once, in the
/// order it was received.
/// </summary>
public sealed partial class KillNineTests : IDisposable
{
    private const int Senders = 3;
    private const int LinesPerSender = 5_000;   // 30,000 deliveries in all: the kill comes at 1,500
    private const int ReceivedBeforeKill = 1_500;

    private readonly string _dataDir = Directory.CreateTempSubdirectory("rxchat-kill9-").FullName;

    private static readonly string[] Settings =
    [
        "--RxChat:Limits:FloodLinesPerSecond", "0",          // full speed, unthrottled
        "--RxChat:History:PerRoom", "100000",                // keep every line, to compare them all
        "--RxChat:History:OnJoin", "0",
    ];

    [Fact]
    public async Task Every_line_anyone_received_before_a_kill_is_in_history_after_the_restart_once_and_in_order()
    {
        List<string>[] received;
        await using (var first = await ServerProcess.StartAsync(_dataDir, Settings))
        {
            var clients = new List<LineClient>();
            for (int s = 0; s < Senders; s++)
            {
                var client = await LineClient.LogInAsync(first.Port, $"s{s}");
                await client.SendLineAsync("/join main");
                Assert.Equal("You joined room main", await client.ReadLineAsync());
                clients.Add(client);
            }
            received = [.. clients.Select(_ => new List<string>())];
            var enoughReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            int total = 0;
            var readers = clients.Select((client, i) => Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var line = await client.ReadLineAsync();
                        if (!IsChat(line)) continue; // joins, leader lines
                        received[i].Add(line);
                        if (Interlocked.Increment(ref total) == ReceivedBeforeKill) enoughReceived.TrySetResult();
                    }
                }
                catch (Exception) { /* the server is gone */ }
            })).ToList();
            var senders = clients.Select((client, s) => Task.Run(async () =>
            {
                try
                {
                    for (int i = 0; i < LinesPerSender; i++) await client.SendLineAsync($"line {i} from s{s}");
                }
                catch (Exception) { /* the server is gone */ }
            })).ToList();

            await enoughReceived.Task.WaitAsync(ServerProcess.Patience);
            await first.KillAsync();
            await Task.WhenAll(readers.Concat(senders)).WaitAsync(ServerProcess.Patience);
            foreach (var client in clients) await client.DisposeAsync();
        }
        Assert.True(received.Sum(r => r.Count) >= ReceivedBeforeKill);

        await using var second = await ServerProcess.StartAsync(_dataDir, Settings);
        await using var reader = await LineClient.LogInAsync(second.Port, "reader");
        await reader.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await reader.ReadLineAsync());
        await reader.SendLineAsync("/history 100000");
        var history = await ReadHistoryAsync(reader);

        Assert.Equal(history.Count, history.Distinct().Count());
        var placeInHistory = history.Select((line, at) => (line, at)).ToDictionary(p => p.line, p => p.at);
        for (int i = 0; i < Senders; i++)
        {
            var missing = received[i].Where(line => !placeInHistory.ContainsKey(line)).ToList();
            Assert.True(missing.Count == 0, $"s{i} received {missing.Count} lines that are not in history, e.g. {missing.FirstOrDefault()}");
            var places = received[i].Select(line => placeInHistory[line]).ToList();
            Assert.Equal(places.Order(), places); // each client's order is the log's
        }
        Assert.Contains(second.Log, line => line.Contains("Chat restored at log position"));
    }

    private static async Task<List<string>> ReadHistoryAsync(LineClient reader)
    {
        var first = await reader.ReadLineAsync();
        var count = HistoryStart().Match(first);
        Assert.True(count.Success, $"not a history frame: {first}");
        var lines = await reader.ReadLinesAsync(int.Parse(count.Groups[1].Value));
        Assert.Equal("--- end of history ---", await reader.ReadLineAsync());
        return lines;
    }

    private static bool IsChat(string line) => ChatLine().IsMatch(line);

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] s\d+: line \d+ from s\d+$")]
    private static partial Regex ChatLine();

    [GeneratedRegex(@"^--- (\d+) earlier messages? in main ---$")]
    private static partial Regex HistoryStart();

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
