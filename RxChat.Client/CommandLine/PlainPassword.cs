using System.Net;

namespace RxChat.Client.CommandLine;

/// <summary>
/// Whether a saved password (<c>--password-file</c>) may be sent: the client sends it without
/// asking anyone, after every reconnect too, so over plain TCP it goes only to this machine
/// (where nobody on the way can read it) unless <c>--allow-plain-password</c> says so.
/// </summary>
internal static class PlainPassword
{
    public const string AllowOption = "--allow-plain-password";

    /// <summary>Why the saved password must not be sent to <paramref name="host"/>, or null when it may.</summary>
    /// <param name="overTls">Whether the connection is TLS.</param>
    /// <param name="allowed">Whether <see cref="AllowOption"/> was given.</param>
    public static string? Refusal(string host, bool overTls, bool allowed)
    {
        if (overTls || allowed || IsThisMachine(host)) return null;
        return $"--password-file would send your password in clear to {host}: use --tls, or add {AllowOption} to send it anyway";
    }

    /// <summary>A loopback address, or <c>localhost</c> (not looked up: the command line never touches the network).</summary>
    private static bool IsThisMachine(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
