using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RxChat.Server.Hosting;

/// <summary>
/// Runs the chat server for the lifetime of the host (Ctrl+C and SIGTERM stop it gracefully).
/// A chat that cannot go on (<see cref="Pipeline.ChatPipeline.Broken"/>) stops the host, so a
/// supervisor restarts it, instead of a process that accepts connections and answers none.
/// </summary>
public sealed class ChatServerService(IOptions<ChatServerOptions> options, ILoggerFactory loggers, IHostApplicationLifetime lifetime) : IHostedService
{
    private ChatServer? _server;

    /// <summary>Why the chat stopped by itself, or null when it was stopped (or still runs).</summary>
    public Exception? Failure { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before anything listens: the first client is then answered as fast as the next.
        await WarmUp.RunAsync(options.Value, loggers.CreateLogger("RxChat")).ConfigureAwait(false);
        _server = await ChatServer.StartAsync(options.Value, loggers).ConfigureAwait(false);
        _ = StopWhenBroken(_server);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync().ConfigureAwait(false);
    }

    private async Task StopWhenBroken(ChatServer server)
    {
        Failure = await server.Pipeline.Broken.ConfigureAwait(false);
        lifetime.StopApplication();
    }
}
