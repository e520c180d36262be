using System.Globalization;
using RxChat.Client.Session;

namespace RxChat.Client;

/// <summary>
/// The command line: <c>&lt;username&gt; [host] [port] [--reconnect] [--no-color]</c>, the
/// original client's arguments in its order, with its host and port made optional.
/// </summary>
internal sealed record ClientOptions(string Username, string Host, int Port, bool Reconnect, bool NoColor)
{
    /// <summary>Where the password is, if the name has an account and it should not be typed (its first line).</summary>
    public string? PasswordFile { get; init; }

    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 7777;

    public static readonly string Usage =
        "Usage: RxChat.Client <username> [host] [port] [--reconnect] [--no-color]\n" +
        $"  host defaults to {DefaultHost}, port to {DefaultPort}.\n" +
        "  --reconnect  when the connection drops, retry with backoff, log in again and rejoin your room\n" +
        "               (a refused username is never retried)\n" +
        "  --no-color   plain text (also when NO_COLOR is set or output is not a terminal)\n" +
        "  --password-file FILE  the password, when the server asks for one, from the first line of FILE\n" +
        "               (otherwise it is asked without echo, or read as the first line of piped input)\n" +
        $"Exit codes: {ExitCode.Left} you left, {ExitCode.CouldNotConnect} no server, {ExitCode.ConnectionLost} connection lost, " +
        $"{ExitCode.Refused} username refused, {ExitCode.Usage} wrong arguments.";

    /// <summary>Parses the arguments, or explains in <paramref name="error"/> what is wrong with them.</summary>
    public static ClientOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var positional = new List<string>();
        bool reconnect = false, noColor = false;
        string? passwordFile = null;
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--password-file" when i + 1 < args.Count: passwordFile = args[++i]; break;
                case "--password-file": error = "--password-file needs a file"; return null;
                case "--reconnect": reconnect = true; break;
                case "--no-color": noColor = true; break;
                case "-h" or "--help": error = ""; return null;
                case ['-', '-', ..]: error = $"Unknown option {arg}"; return null;
                default: positional.Add(arg); break;
            }
        }

        if (positional.Count is 0 or > 3) { error = "Expected a username, then optionally a host and a port"; return null; }
        var username = positional[0].Trim();
        if (username.Length == 0 || username.Any(char.IsControl)) { error = "The username must be printable and not blank"; return null; }
        var host = positional.Count > 1 ? positional[1] : DefaultHost;
        var port = DefaultPort;
        if (positional.Count > 2 &&
            (!int.TryParse(positional[2], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"Not a port: {positional[2]}";
            return null;
        }
        return new(username, host, port, reconnect, noColor) { PasswordFile = passwordFile };
    }
}
