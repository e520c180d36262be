using System.Net;
using Microsoft.AspNetCore.Http;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>
/// Who a <c>/ws</c> user is when a trusted proxy passed the request on: the address its
/// <c>X-Forwarded-For</c> names, and whether <c>X-Forwarded-Proto</c> says the user's side was
/// encrypted. From a peer that is not among the <see cref="TrustedProxies"/>, neither header
/// is read: anyone can write them, so the peer is the user.
/// </summary>
internal static class ForwardedFor
{
    public const string Header = "X-Forwarded-For";
    public const string ProtoHeader = "X-Forwarded-Proto";

    /// <summary>The user behind <paramref name="context"/>'s connection, or why a trusted proxy's header cannot be read.</summary>
    /// <param name="user">The peer itself, or the user a trusted proxy named.</param>
    /// <param name="secure">Whether the user's own connection is encrypted (HTTPS here, or at the trusted proxy).</param>
    /// <param name="malformed">What could not be read, when false is returned.</param>
    public static bool TryUser(HttpContext context, TrustedProxies proxies, out IPEndPoint? user, out bool secure, out string? malformed)
    {
        var connection = context.Connection;
        user = connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, connection.RemotePort) : null;
        secure = context.Request.IsHttps;
        malformed = null;
        if (!proxies.Trusts(user)) return true;
        if (Hops(context.Request.Headers[ProtoHeader]) is [.., var proto]) secure = string.Equals(proto, "https", StringComparison.OrdinalIgnoreCase);
        var hops = Hops(context.Request.Headers[Header]);
        // Each proxy appends the peer it heard from: the user is the last hop that is not one
        // of ours (what lies to the left of it may be anything the user wrote).
        for (int i = hops.Count - 1; i >= 0; i--)
        {
            if (!IPEndPoint.TryParse(hops[i], out var hop))
            {
                malformed = hops[i];
                return false;
            }
            user = new IPEndPoint(hop.Address, hop.Port);
            if (!proxies.Trusts(hop.Address)) break;
        }
        return true;
    }

    /// <summary>Every comma-separated entry of every copy of a header, in order.</summary>
    private static List<string> Hops(Microsoft.Extensions.Primitives.StringValues values) =>
        [.. values.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
