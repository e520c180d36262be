using RxChat.Client.CommandLine;
using RxChat.Client.Transport;

namespace RxChat.Client;

/// <summary>
/// What the command line asked for: <c>&lt;username&gt; [host[:port]] [port] [--reconnect] [--no-color]</c>,
/// the original client's arguments in its order, with its host and port made optional; and
/// <c>--tls [--ca FILE | --insecure]</c>, <c>--password-file FILE</c>.
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

    /// <summary>Parses the arguments (see <see cref="ClientCommandLine"/>), or explains in <paramref name="error"/> what is wrong with them.</summary>
    /// <returns>null with an empty <paramref name="error"/> for <c>--help</c> and <c>--version</c>, which start no chat.</returns>
    public static ClientOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var reading = ClientCommandLine.Read(args);
        error = reading.Answer is not null ? "" : reading.Error;
        return reading.Options;
    }
}
