using Microsoft.AspNetCore.Http;

namespace RxChat.Server.Hosting;

/// <summary>
/// The headers every HTTP answer carries, so the page cannot be turned against its users:
/// scripts, styles and connections only from this site (the page has nothing inline), its
/// WebSocket to this site alone, no framing by another site (clickjacking), no guessing of
/// content types, and no address of the chat leaking to the sites its users follow links to.
/// </summary>
internal static class PageHeaders
{
    public static void AddTo(HttpResponse response, HostString host)
    {
        var headers = response.Headers;
        // 'self' covers ws: and wss: to the same host only in newer browsers: named too.
        var sockets = host.HasValue ? $" ws://{host.ToUriComponent()} wss://{host.ToUriComponent()}" : "";
        headers.ContentSecurityPolicy =
            $"default-src 'self'; connect-src 'self'{sockets}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate it
        headers["Referrer-Policy"] = "no-referrer";
    }
}
