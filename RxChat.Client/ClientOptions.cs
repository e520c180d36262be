using System.Globalization;
using RxChat.Client.Session;
using RxChat.Client.Transport;

namespace RxChat.Client;

/// <summary>
/// The command line: <c>&lt;username&gt; [host] [port] [--reconnect] [--no-color]</c>, the
/// original client's arguments in its order, with its host and port made optional; and
/// <c>--tls [--ca FILE | --insecure]</c>.
/// </summary>
internal sealed record ClientOptions(string Username, string Host, int Port, bool Reconnect, bool NoColor)
{
    /// <summary>Where the password is, if the name has an account and it should not be typed (its first line).</summary>
    public string? PasswordFile { get; init; }

    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 7777;

    /// <summary>The server's TLS port when <c>--tls</c> is given without a port.</summary>
    public const int DefaultTlsPort = 7443;

    /// <summary>How to talk TLS to the server, or null for plain TCP.</summary>
    public ClientTls? Tls { get; init; }

    public static readonly string Usage =
        "Usage: RxChat.Client <username> [host] [port] [--reconnect] [--no-color]\n" +
        $"  host defaults to {DefaultHost}, port to {DefaultPort}.\n" +
        "  --reconnect  when the connection drops, retry with backoff, log in again and rejoin your room\n" +
        "               (a refused username is never retried)\n" +
        "  --no-color   plain text (also when NO_COLOR is set or output is not a terminal)\n" +
        $"  --tls        connect over TLS (port then defaults to {DefaultTlsPort}), checking the server's certificate\n" +
        "               against the system's trusted CAs and the host name\n" +
        "  --ca FILE    over TLS, trust only the CA (or self-signed) certificates in this PEM file\n" +
        "  --insecure   over TLS, do not check the certificate at all (warns: anyone on the way can read along)\n" +
        "  --password-file FILE  the password, when the server asks for one, from the first line of FILE\n" +
        "               (otherwise it is asked without echo, or read as the first line of piped input)\n" +
        $"Exit codes: {ExitCode.Left} you left, {ExitCode.CouldNotConnect} no server, {ExitCode.ConnectionLost} connection lost, " +
        $"{ExitCode.Refused} username refused, {ExitCode.Usage} wrong arguments.";

    /// <summary>Parses the arguments, or explains in <paramref name="error"/> what is wrong with them.</summary>
    public static ClientOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var positional = new List<string>();
        bool reconnect = false, noColor = false, tls = false, insecure = false;
        string? caFile = null, passwordFile = null;
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--password-file" when i + 1 < args.Count: passwordFile = args[++i]; break;
                case "--password-file": error = "--password-file needs a file"; return null;
                case "--reconnect": reconnect = true; break;
                case "--no-color": noColor = true; break;
                case "--tls": tls = true; break;
                case "--insecure": insecure = true; break;
                case "--ca" when i + 1 < args.Count: caFile = args[++i]; break;
                case "--ca": error = "--ca needs a file: --ca cert.pem"; return null;
                case "-h" or "--help": error = ""; return null;
                case ['-', '-', ..]: error = $"Unknown option {arg}"; return null;
                default: positional.Add(arg); break;
            }
        }

        if (positional.Count is 0 or > 3) { error = "Expected a username, then optionally a host and a port"; return null; }
        var username = positional[0].Trim();
        if (username.Length == 0 || username.Any(char.IsControl)) { error = "The username must be printable and not blank"; return null; }
        if (insecure && caFile is not null) { error = "--ca and --insecure contradict each other: choose one"; return null; }
        ClientTls? secure = null;
        if (tls || insecure || caFile is not null) // --ca and --insecure only make sense over TLS: they imply it
        {
            secure = caFile is null ? (insecure ? ClientTls.Unchecked : ClientTls.SystemTrust) : ClientTls.TrustingOnly(caFile, out error);
            if (secure is null) return null;
        }
        var host = positional.Count > 1 ? positional[1] : DefaultHost;
        var port = secure is null ? DefaultPort : DefaultTlsPort;
        if (positional.Count > 2 &&
            (!int.TryParse(positional[2], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"Not a port: {positional[2]}";
            return null;
        }
        return new(username, host, port, reconnect, noColor) { Tls = secure, PasswordFile = passwordFile };
    }
}
