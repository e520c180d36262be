using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RxChat.Server.Hosting;

/// <summary>Runs the chat server for the lifetime of the host (Ctrl+C and SIGTERM stop it gracefully).</summary>
public sealed class ChatServerService(IOptions<ChatServerOptions> options, ILoggerFactory loggers) : IHostedService
{
    private ChatServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _server = await ChatServer.StartAsync(options.Value, loggers).ConfigureAwait(false);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync().ConfigureAwait(false);
    }
}
