using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using RxChat.Protocol;
using RxChat.Server.Transport;
using RxChat.Server.Watch;

namespace RxChat.Server.Hosting;

/// <summary>
/// The server's HTTP side (ASP.NET Core from the shared framework): the web page at
/// <c>/</c>, the WebSocket at <c>/ws</c> (PROTOCOL.md Part 4), Prometheus metrics at
/// <c>/metrics</c> and <c>/healthz</c>, and the log being made at <c>/log</c>. It decides nothing: a WebSocket is handed to the
/// chat's <see cref="Admission"/> as one more connection and the request lasts as long as it does.
/// </summary>
internal sealed class WebFront : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebFront(WebApplication app, int port, int? httpsPort)
    {
        _app = app;
        Port = port;
        HttpsPort = httpsPort;
    }

    public int Port { get; }

    /// <summary>The same site over HTTPS (and <c>wss://</c>), with the TLS port's certificate; null without one.</summary>
    public int? HttpsPort { get; }

    /// <param name="admission">The chat's one way in, which a WebSocket passes like any connection.</param>
    /// <param name="tls">The TLS port's certificate, which HTTPS presents too; null without one.</param>
    /// <param name="logAvailable">Whether the log can store anything now (<c>/healthz</c>).</param>
    /// <param name="metrics">The server's own registry (<c>/metrics</c>).</param>
    /// <param name="proxies">The peers whose <c>X-Forwarded-For</c> names the user (<see cref="ForwardedFor"/>).</param>
    /// <param name="watch">The log as this node folds it, for the <c>/log</c> page.</param>
    public static async Task<WebFront> StartAsync(ChatServerOptions options, ILoggerFactory loggers, Admission admission, ServerTls? tls,
        TrustedProxies proxies, Func<bool> logAvailable, CollectorRegistry metrics, LogWatch watch)
    {
        var allowedOrigins = options.Web.AllowedOriginList;
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Services.AddSingleton(loggers); // the chat server's logging, filters and all
        builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>(); // the chat server starts and stops it, not Ctrl+C
        // No IO queues: a WebSocket member's flushed frames are sent by a work item queued straight
        // on the thread pool, not one more hop through Kestrel's own queue of them. Measured at
        // 500 WebSocket members: p99 2.7x TCP's against 3.1x with them (bench/results/ws-frames-*).
        builder.WebHost.UseSockets(sockets => sockets.IOQueueCount = 0);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.Host), options.HttpPort, http => BoundPerAddress(http, admission, proxies));
            if (tls is not null && options.Tls.HttpsPort >= 0)
                kestrel.Listen(IPAddress.Parse(options.Host), options.Tls.HttpsPort, https =>
                {
                    BoundPerAddress(https, admission, proxies); // before the handshake, which is the costly part
                    // Asked at each handshake: a renewed certificate is served from the next one on (ServerTls).
                    https.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.TlsHandshakeCallbackOptions
                    {
                        OnConnection = _ => ValueTask.FromResult(tls.AuthenticationOptions),
                        HandshakeTimeout = options.LoginTimeout,
                    });
                });
            kestrel.AddServerHeader = false;
            // Past it a connection is closed at once: the descriptors stay the chat's and the runtime's.
            kestrel.Limits.MaxConcurrentConnections = Math.Min(Math.Max(1, options.Web.MaxConnections), Descriptors.WebShare() ?? int.MaxValue);
        });

        var app = builder.Build();
        app.Use((context, next) =>
        {
            PageHeaders.AddTo(context.Response, context.Request.Host);
            return next(context);
        });
        app.Use(WebSocketBatching.Wrap); // before UseWebSockets, which reads the upgrade it wraps
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        if (Directory.Exists(webRoot))
        {
            var files = new PhysicalFileProvider(webRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            });
        }
        // Unhealthy while the log cannot store anything: a node cut off from NATS still
        // accepts connections, but every line is refused until the log is back.
        app.MapGet("/healthz", () => logAvailable()
            ? Results.Text("ok\n")
            : Results.Text("log unreachable\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapMetrics("/metrics", metrics);
        app.MapGet("/log/events", watch.ServeAsync); // the page itself is wwwroot/log/
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("WebSocket only (PROTOCOL.md Part 4)\n").ConfigureAwait(false);
                return;
            }
            if (!ForwardedFor.TryUser(context, proxies, out var remote, out var secure, out var malformed))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync(ServerLines.ForwardedForMalformed.Render(malformed!) + "\n").ConfigureAwait(false);
                return;
            }
            if (OriginRefused(context, allowedOrigins, secure) is { } foreign)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(ServerLines.OriginNotAllowed.Render(foreign) + "\n").ConfigureAwait(false);
                return;
            }
            if (admission.Check(ConnectionKind.WebSocket, remote) is { } refusal)
            {
                context.Response.StatusCode = refusal.IsServerFull ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
                await context.Response.WriteAsync(refusal.Line + "\n").ConfigureAwait(false);
                return;
            }
            WebSocket socket;
            try { socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false); }
            catch
            {
                admission.Withdraw(remote); // counted, never opened
                throw;
            }
            // The request lasts as long as the connection.
            await admission.Admit(ConnectionKind.WebSocket, remote,
                id => new WebSocketConnection(id, socket, admission.Limits, remote, secure, WebSocketBatching.FramesOf(context))).ConfigureAwait(false);
        });

        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address)).ToList();
        return new WebFront(app,
            addresses.First(address => address.Scheme == Uri.UriSchemeHttp).Port,
            addresses.FirstOrDefault(address => address.Scheme == Uri.UriSchemeHttps)?.Port);
    }

    /// <summary>
    /// Every HTTP connection (the page, metrics, a WebSocket's own) passes the per-address
    /// bounds before a byte of it is read, in the <see cref="Admission"/>'s HTTP tally; one
    /// over is closed at once. A trusted proxy's connections carry many users: they are not
    /// counted here, and the user each <c>/ws</c> names is counted by the chat's own admission.
    /// </summary>
    private static void BoundPerAddress(ListenOptions listen, Admission admission, TrustedProxies proxies) =>
        listen.Use(next => async connection =>
        {
            var remote = connection.RemoteEndPoint;
            if (proxies.Trusts(remote))
            {
                await next(connection).ConfigureAwait(false);
                return;
            }
            if (admission.CheckHttp(remote) is not null)
            {
                connection.Abort();
                return;
            }
            try { await next(connection).ConfigureAwait(false); }
            finally { admission.ReleaseHttp(remote); }
        });

    /// <summary>
    /// The <c>Origin</c> of a WebSocket handshake from a page of another site (which could
    /// otherwise chat in its visitor's name), or null when it may connect: no <c>Origin</c> (not
    /// a browser), this site's own (as the user's browser sees it), or one the operator allows.
    /// </summary>
    private static string? OriginRefused(HttpContext context, IReadOnlyList<string> allowed, bool secure)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0) return null;
        var own = $"{(secure ? "https" : "http")}://{context.Request.Host.ToUriComponent()}";
        if (string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)) return null;
        return allowed.Any(one => string.Equals(origin, one, StringComparison.OrdinalIgnoreCase)) ? null : origin;
    }

    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try { await _app.StopAsync(patience.Token).ConfigureAwait(false); }
        finally { await _app.DisposeAsync().ConfigureAwait(false); }
    }

    /// <summary>No console lifetime of its own: the web side lives and dies with the chat server.</summary>
    private sealed class OwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
