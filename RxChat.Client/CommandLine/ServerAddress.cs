using System.Globalization;

namespace RxChat.Client.CommandLine;

/// <summary>
/// The host argument as people write it: <c>chat.example.org</c>, <c>127.0.0.1:7777</c>,
/// <c>[::1]:7777</c>, or a bare IPv6 address (<c>::1</c>, which has no port: its colons
/// are the address's own). Pure, so every spelling is unit-tested.
/// </summary>
internal static class ServerAddress
{
    /// <summary>Splits <paramref name="text"/> into a host and, if it carries one, a port.</summary>
    /// <returns>false, with <paramref name="error"/> in one line, when the port part is not a port.</returns>
    public static bool TrySplit(string text, out string host, out int? port, out string? error)
    {
        host = text;
        port = null;
        error = null;
        string? portText = null;
        if (text.StartsWith('['))
        {
            // [::1]:7777 — the brackets are what lets an IPv6 address carry a port.
            var close = text.IndexOf(']');
            if (close < 0) { error = $"Not a host: {text} (an IPv6 address with a port is written [::1]:7777)"; return false; }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') { error = $"Not a host: {text}"; return false; }
                portText = rest[1..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':');
            host = text[..colon];
            portText = text[(colon + 1)..];
        }

        if (host.Length == 0) { error = $"Not a host: {text}"; return false; }
        if (portText is null) return true;
        if (!TryPort(portText, out var parsed)) { error = NotAPort(portText); return false; }
        port = parsed;
        return true;
    }

    /// <summary>A TCP port: a whole number from 1 to 65535, digits only.</summary>
    public static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    public static string NotAPort(string text) => $"Not a port: {text}";
}
