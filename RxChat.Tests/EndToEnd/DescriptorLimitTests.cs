using System.Net.Sockets;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Past the descriptor limit, keep serving (issue "First contact"): a server under a small
/// <c>ulimit -n</c>, flooded with more connections than it has descriptors, keeps chatting with
/// those logged in, lets newcomers in once the flood is gone, and stops as it should — where it
/// used to log "Too many open files" in a loop and abort with "Out of memory." (exit 134).
/// </summary>
public sealed class DescriptorLimitTests : IDisposable
{
    private const int DescriptorLimit = 512; // the server holds ~230 of its own (its dlls, warmed up, and Kestrel)
    private const int Flood = 600;

    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("rxchat-descriptors-");

    [Fact]
    public async Task Flooded_past_the_descriptor_limit_it_keeps_serving_and_admits_newcomers_once_the_flood_is_gone()
    {
        await using var server = await ServerProcess.StartWithDescriptorLimitAsync(DescriptorLimit, _dataDir.FullName);
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await alice.SendLineAsync("/join r");
        await ReadUntilAsync(alice, "You joined room r");
        await bob.SendLineAsync("/join r");
        await ReadUntilAsync(bob, "You joined room r");

        var flood = new List<TcpClient>(Flood);
        try
        {
            for (int i = 0; i < Flood; i++)
            {
                var tcp = new TcpClient();
                flood.Add(tcp);
                // Each lands in the backlog at least; the server accepts what it can.
                await tcp.ConnectAsync("127.0.0.1", server.Port).WaitAsync(LineClient.Patience);
            }
            await alice.SendLineAsync("still here");
            await ReadUntilAsync(bob, "] alice: still here");
            await bob.SendLineAsync("me too");
            await ReadUntilAsync(alice, "] bob: me too");
        }
        finally
        {
            foreach (var tcp in flood) tcp.Dispose();
        }

        // The flood gone, a newcomer gets in: tried again while the server is still letting the flood go.
        await using var carol = await LogInOnceThereIsRoomAsync(server.Port, "carol");
        await carol.SendLineAsync("/join r");
        await ReadUntilAsync(alice, "carol joined the room");

        Assert.Equal(0, await server.TerminateAsync());
        Assert.DoesNotContain(server.Log, line => line.Contains("Out of memory", StringComparison.Ordinal) || line.Contains("Unhandled exception", StringComparison.Ordinal));
        // A failed accept is said once per interval, never a line each.
        Assert.True(server.Log.Count(line => line.Contains("Accept failed", StringComparison.Ordinal)) <= 10,
            string.Join("\n", server.Log.Where(line => line.Contains("Accept failed", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Flooded_with_HTTP_connections_past_the_descriptor_limit_the_chat_goes_on()
    {
        await using var server = await ServerProcess.StartWithDescriptorLimitAsync(DescriptorLimit, _dataDir.FullName);
        int httpPort = WebPort(server);
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");

        var flood = new List<TcpClient>(Flood);
        try
        {
            for (int i = 0; i < Flood; i++)
            {
                var tcp = new TcpClient();
                flood.Add(tcp);
                await tcp.ConnectAsync("127.0.0.1", httpPort).WaitAsync(LineClient.Patience);
            }
            await alice.SendLineAsync("/users");
            Assert.Equal("Users: alice", await alice.ReadLineAsync());
        }
        finally
        {
            foreach (var tcp in flood) tcp.Dispose();
        }
        await using var bob = await LogInOnceThereIsRoomAsync(server.Port, "bob");
        using var http = new System.Net.Http.HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = LineClient.Patience };
        Assert.Equal("ok", (await HealthAsync(http)).Trim());

        Assert.Equal(0, await server.TerminateAsync());
        Assert.DoesNotContain(server.Log, line => line.Contains("Out of memory", StringComparison.Ordinal) || line.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    private static int WebPort(ServerProcess server)
    {
        const string on = "Web client on http://127.0.0.1:";
        var line = Assert.Single(server.Log, l => l.Contains(on, StringComparison.Ordinal));
        return int.Parse(line[(line.IndexOf(on, StringComparison.Ordinal) + on.Length)..].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>GET /healthz, asked again while Kestrel is still letting the flood go: bounded in tries and in time.</summary>
    private static async Task<string> HealthAsync(System.Net.Http.HttpClient http)
    {
        var until = DateTime.UtcNow + ServerProcess.Patience;
        Exception? last = null;
        for (int attempt = 0; attempt < 300 && DateTime.UtcNow < until; attempt++)
        {
            try { return await http.GetStringAsync("/healthz"); }
            catch (System.Net.Http.HttpRequestException ex) { last = ex; }
            await Task.Delay(100); // the next try; the outcome is the answer, not this pause
        }
        throw new Xunit.Sdk.XunitException($"/healthz never answered: {last?.Message}");
    }

    /// <summary>Reads lines until one ends with (or is) <paramref name="expected"/>; bounded in count, each line in <see cref="LineClient.Patience"/>.</summary>
    private static async Task ReadUntilAsync(LineClient client, string expected)
    {
        var seen = new List<string>();
        for (int i = 0; i < 50; i++)
        {
            var line = await client.ReadLineAsync();
            if (line == expected || line.EndsWith(expected, StringComparison.Ordinal)) return;
            seen.Add(line);
        }
        Assert.Fail($"'{expected}' never came; saw:\n{string.Join("\n", seen)}");
    }

    /// <summary>
    /// Logs in, trying again while the server says it is full (it is letting the flood's
    /// connections go): bounded in tries and in time.
    /// </summary>
    private static async Task<LineClient> LogInOnceThereIsRoomAsync(int port, string username)
    {
        var until = DateTime.UtcNow + ServerProcess.Patience;
        string? last = null;
        for (int attempt = 0; attempt < 300 && DateTime.UtcNow < until; attempt++)
        {
            var client = await LineClient.ConnectAsync(port);
            await client.SendLineAsync(username);
            last = await client.ReadLineAsync();
            if (last == "Welcome to the chat server!") return client;
            await client.DisposeAsync();
            await Task.Delay(100); // the next try; the outcome is the welcome, not this pause
        }
        throw new Xunit.Sdk.XunitException($"{username} was never let in; last heard: {last}");
    }

    public void Dispose() => _dataDir.Delete(recursive: true);
}
