using RxChat.Server.Transport;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Stopping cleanly (issue "First contact"): once the server is stopping nobody logs in, of any
/// kind — neither on a connection already open nor on a new one (the web page used to log a
/// user in after "Server shutting down").
/// </summary>
public sealed class StoppingTests
{
    [Fact]
    public async Task Once_stopping_a_login_on_an_open_connection_is_never_welcomed_and_a_new_WebSocket_is_turned_away()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");
        await using var late = await LineClient.ConnectAsync(server.Port); // open, not logged in yet
        int httpPort = server.HttpPort!.Value;

        var stopping = server.StopAsync(); // the stop has begun when this returns
        try
        {
            // The stop may already have closed this connection (then the name cannot be sent, and
            // nothing can welcome it); what matters is that it is never welcomed.
            try { await late.SendLineAsync("latecomer"); }
            catch (IOException) { }
            // A WebSocket now hears "Server is shutting down" (503), or finds the port already closed.
            await Assert.ThrowsAnyAsync<Exception>(async () => await (await JsonClient.LogInAsync(httpPort, "webcomer")).DisposeAsync());

            var heard = await late.ReadUntilClosedAsync();
            Assert.DoesNotContain("Welcome to the chat server!", heard);
            Assert.Contains("Server is shutting down", await alice.ReadUntilClosedAsync());
        }
        finally { await stopping; }
        Assert.True(server.Admission.IsStopping);
    }

    [Fact]
    public async Task Once_stopping_the_admission_turns_every_kind_away_with_the_shutting_down_line()
    {
        await using var server = await RunningServer.StartAsync();
        server.Admission.Stop();
        foreach (var kind in new[] { ConnectionKind.Tcp, ConnectionKind.Tls, ConnectionKind.WebSocket })
        {
            var refusal = server.Admission.Check(kind, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 50000));
            Assert.NotNull(refusal);
            Assert.Equal("Server is shutting down", refusal.Line);
        }
        // A TCP connection arriving now hears it and is closed.
        await using var late = await LineClient.ConnectAsync(server.Port);
        Assert.Equal(["Server is shutting down"], await late.ReadUntilClosedAsync());
    }
}
