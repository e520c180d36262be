using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RxChat.Server.Hosting;

/// <summary>
/// Runs the real code paths once before the real server listens, so its first client is
/// answered as fast as the next ones. With <c>TieredCompilation</c> off, every method is
/// compiled fully optimised on its first call, and the first login used to pay for the
/// whole pipeline's compilation and first-use set-up (450–600 ms before its <c>Welcome</c>,
/// against 1–5 ms for the next). Here a throwaway server (log in memory, loopback, a free
/// port, no HTTP, no logging) takes one client through a login, a join, a chat line, a
/// command and a quit, over a real socket, and is stopped. Nothing of it reaches the real
/// log; a failure here is only a slower first login, never a failed start.
/// </summary>
internal static class WarmUp
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(ChatServerOptions options, ILogger logger)
    {
        var clock = Stopwatch.StartNew();
        var throwaway = options with
        {
            Host = IPAddress.Loopback.ToString(),
            Port = 0,
            HttpPort = -1,
            DataDir = ":memory:",
            Nats = new NatsOptions(),
            Tls = new TlsOptions(),
            Accounts = new AccountOptions(),
        };
        try
        {
            using var timeout = new CancellationTokenSource(Budget);
            await using var server = await ChatServer.StartAsync(throwaway, NullLoggerFactory.Instance).ConfigureAwait(false);
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.Port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            async Task Say(string line) =>
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), timeout.Token).ConfigureAwait(false);
            async Task Hear(string start)
            {
                while (await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
                    if (line.StartsWith(start, StringComparison.Ordinal)) return;
            }
            await Say("warm-up").ConfigureAwait(false);
            await Hear("Welcome").ConfigureAwait(false);
            await Say("/join warm-up").ConfigureAwait(false);
            await Say("hello").ConfigureAwait(false);
            await Say("/users").ConfigureAwait(false);
            await Hear("Users:").ConfigureAwait(false);
            await Say("quit").ConfigureAwait(false);
            await Hear("\0").ConfigureAwait(false); // until the server closes the connection
            logger.LogDebug("Warmed up in {Milliseconds} ms", clock.ElapsedMilliseconds);
        }
#pragma warning disable CA1031 // a warm-up that fails costs a slow first login, nothing else
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogDebug(ex, "Warm-up failed after {Milliseconds} ms; the first login will be slower", clock.ElapsedMilliseconds);
        }
    }
}
