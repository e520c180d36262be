using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.Cluster;

/// <summary>
/// A user of one node in a cluster test: logged in, in a room, every line it receives
/// collected in the background, so the test waits for what it expects to have arrived
/// (an event, with a generous bound) and then compares what each user saw.
/// </summary>
public sealed partial class ChatMember : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a NATS leader election on a busy machine can take 30 s
    private readonly LineClient _client;
    private readonly List<string> _lines = [];
    private readonly Task _reading;

    private ChatMember(string name, LineClient client)
    {
        Name = name;
        _client = client;
        _reading = Task.Run(async () =>
        {
            while (true)
            {
                string line;
                try { line = await _client.ReadLineAsync(); }
                catch (Xunit.Sdk.XunitException) when (!_client.Closed.IsCompleted) { continue; } // quiet for a while
                catch (Xunit.Sdk.XunitException) { return; }
                lock (_lines) _lines.Add(line);
            }
        });
    }

    public string Name { get; }

    public static async Task<ChatMember> JoinAsync(int port, string name, string room = "main")
    {
        var client = await LineClient.LogInAsync(port, name);
        await client.SendLineAsync("/join " + room);
        Assert.Equal("You joined room " + room, await client.ReadLineAsync());
        return new ChatMember(name, client);
    }

    public Task SayAsync(string line) => _client.SendLineAsync(line);

    public IReadOnlyList<string> Lines { get { lock (_lines) return [.. _lines]; } }

    /// <summary>The chat lines received (<c>[HH:MM:SS] user: text</c>), without joins, leaves or server lines.</summary>
    public IReadOnlyList<string> ChatLines => [.. Lines.Where(l => ChatLine().IsMatch(l))];

    /// <summary>The texts of <paramref name="user"/>'s chat lines received, in order.</summary>
    public IReadOnlyList<string> TextsOf(string user) =>
        [.. ChatLines.Select(l => ChatLine().Match(l)).Where(m => m.Groups[1].Value == user).Select(m => m.Groups[2].Value)];

    public int Count(string line) => Lines.Count(l => l == line);

    /// <summary>Waits until what was received satisfies <paramref name="condition"/>; fails after a generous bound.</summary>
    public async Task UntilAsync(Func<ChatMember, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition(this))
        {
            if (timeout.IsCancellationRequested)
                throw new Xunit.Sdk.XunitException($"{Name} never saw {what}; received:\n{string.Join("\n", Lines.TakeLast(30))}");
            await Task.Delay(20); // polls what arrived; the bound decides failure
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _reading.WaitAsync(Patience);
    }

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] ([^:]+): (.*)$")]
    private static partial Regex ChatLine();
}
