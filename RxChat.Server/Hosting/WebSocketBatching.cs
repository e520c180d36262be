using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>
/// Placed before <c>UseWebSockets</c>: the stream a WebSocket request upgrades to (HTTP/1.1's
/// upgrade, or HTTP/2's extended CONNECT) becomes a <see cref="CoalescingStream"/>, so the
/// WebSocket's writer can send the frames of one wake-up in one write (<see cref="WebSocketConnection"/>).
/// The WebSocket middleware reads these features when the request reaches it; the handler
/// finds the stream with <see cref="FramesOf"/> after accepting.
/// </summary>
internal static class WebSocketBatching
{
    public static Task Wrap(HttpContext context, RequestDelegate next)
    {
        var features = context.Features;
        if (features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            var wrapped = new Upgrade(upgrade);
            features.Set<IHttpUpgradeFeature>(wrapped);
            features.Set(wrapped.Frames);
        }
        else if (features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
        {
            var wrapped = new ExtendedConnect(connect);
            features.Set<IHttpExtendedConnectFeature>(wrapped);
            features.Set(wrapped.Frames);
        }
        return next(context);
    }

    /// <summary>The accepted WebSocket's stream, or null when the request was not wrapped.</summary>
    public static CoalescingStream? FramesOf(HttpContext context) => context.Features.Get<Frames>()?.Stream;

    /// <summary>Where the wrapped stream is left for the handler.</summary>
    private sealed class Frames
    {
        public CoalescingStream? Stream { get; set; }
    }

    private sealed class Upgrade(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
    {
        public Frames Frames { get; } = new();
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() =>
            Frames.Stream = new CoalescingStream(await inner.UpgradeAsync().ConfigureAwait(false));
    }

    private sealed class ExtendedConnect(IHttpExtendedConnectFeature inner) : IHttpExtendedConnectFeature
    {
        public Frames Frames { get; } = new();
        public bool IsExtendedConnect => inner.IsExtendedConnect;
        public string? Protocol => inner.Protocol;

        public async ValueTask<Stream> AcceptAsync() =>
            Frames.Stream = new CoalescingStream(await inner.AcceptAsync().ConfigureAwait(false));
    }
}
