using System.Net;

namespace RxChat.Server.Transport;

/// <summary>
/// The peers whose word on a user's address is taken: reverse proxies and load balancers the
/// operator runs (<c>RxChat:TrustedProxies</c>, CIDR ranges). From them, and only from them,
/// the PROXY protocol header (TCP, TLS) and <c>X-Forwarded-For</c> (<c>/ws</c>) say who the
/// user is; from anyone else those are never parsed, since any client could write them.
/// </summary>
public sealed class TrustedProxies
{
    /// <summary>Nobody: every peer is the user it appears to be (the default).</summary>
    public static readonly TrustedProxies None = new([]);

    private readonly IReadOnlyList<IPNetwork> _ranges;

    private TrustedProxies(IReadOnlyList<IPNetwork> ranges) => _ranges = ranges;

    /// <summary>Whether no peer is trusted.</summary>
    public bool IsEmpty => _ranges.Count == 0;

    /// <summary>
    /// Reads a comma-separated list of ranges (<c>10.0.0.0/8, ::1/128</c>); a bare address is
    /// a range of one. Empty is <see cref="None"/>.
    /// </summary>
    /// <exception cref="FormatException">An entry is no address or range; the message names it.</exception>
    public static TrustedProxies Parse(string? list)
    {
        var ranges = new List<IPNetwork>();
        foreach (var entry in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var range)) ranges.Add(range);
            else if (IPAddress.TryParse(entry, out var single)) ranges.Add(new IPNetwork(Plain(single), Plain(single).GetAddressBytes().Length * 8));
            else throw new FormatException($"\"{entry}\" is not an address or a range such as 10.0.0.0/8");
        }
        return ranges.Count == 0 ? None : new TrustedProxies(ranges);
    }

    /// <summary>Whether <paramref name="peer"/> (the socket's own remote end) is one of the trusted proxies.</summary>
    public bool Trusts(EndPoint? peer) => peer is IPEndPoint { Address: var address } && Trusts(address);

    public bool Trusts(IPAddress address)
    {
        if (_ranges.Count == 0) return false;
        var plain = Plain(address);
        foreach (var range in _ranges)
            if (range.Contains(plain)) return true;
        return false;
    }

    /// <summary>An IPv4 client on a dual-mode socket arrives as <c>::ffff:a.b.c.d</c>: it is <c>a.b.c.d</c>.</summary>
    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
