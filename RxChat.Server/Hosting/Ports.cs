using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>
/// The server's ports at start-up: each kind's name and switch, and a port someone else has
/// said in one line (an <see cref="InvalidSettingException"/>: <c>rxchat: cannot start: …</c>, exit 2)
/// instead of a stack trace.
/// </summary>
internal static class Ports
{
    /// <summary>A kind of port: its name in the line, the switch that chooses it, whether -1 turns it off.</summary>
    public sealed record Kind(string Name, string Switch, bool MayBeOff);

    public static readonly Kind Tcp = new("TCP", "--port", MayBeOff: false);
    public static readonly Kind Tls = new("TLS", "--tls-port", MayBeOff: false);
    public static readonly Kind Http = new("HTTP", "--http-port", MayBeOff: true);
    public static readonly Kind Https = new("HTTPS", "--https-port", MayBeOff: true);
    public static readonly Kind Irc = new("IRC", "--irc-port", MayBeOff: false);
    public static readonly Kind IrcTls = new("IRC TLS", "--irc-tls-port", MayBeOff: false);

    /// <summary>The one line a port in use is said in.</summary>
    public static string InUse(int port, Kind kind) =>
        $"port {port} ({kind.Name}) is in use; choose another with {kind.Switch}" + (kind.MayBeOff ? $", or -1 to turn {kind.Name} off" : "");

    /// <summary>A listening socket on the port, bound exclusively (<see cref="TcpAcceptor.Listen"/>), accepting nothing yet.</summary>
    public static Socket Listen(IPAddress host, int port, Kind kind)
    {
        try { return TcpAcceptor.Listen(new IPEndPoint(host, port)); }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidSettingException(InUse(port, kind));
        }
    }

    /// <summary>
    /// Whether a port Kestrel will bind is free now, found by binding it (exclusively, as
    /// Kestrel does) and letting it go; port 0 (any free one) always is.
    /// </summary>
    public static void CheckFree(IPAddress host, int port, Kind kind)
    {
        if (port == 0) return;
        Listen(host, port, kind).Dispose();
    }

    /// <summary>Kestrel's own "address already in use" (a port taken since <see cref="CheckFree"/>) in the same one line.</summary>
    public static async Task<T> SayInUse<T>(Func<Task<T>> start, ChatServerOptions options)
    {
        try { return await start().ConfigureAwait(false); }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            var https = ex.Message.Contains("https://", StringComparison.Ordinal);
            throw new InvalidSettingException(https ? InUse(options.Tls.HttpsPort, Https) : InUse(options.HttpPort, Http));
        }
    }
}
