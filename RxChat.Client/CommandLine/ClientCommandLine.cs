using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using RxChat.Client.Session;
using RxChat.Client.Transport;
using RxChat.Protocol;

namespace RxChat.Client.CommandLine;

/// <summary>What the command line asks for: a chat, an answer that needs no server (help, version), or nothing but a mistake.</summary>
/// <param name="Options">The chat to start; null for an answer or a mistake.</param>
/// <param name="Error">What is wrong, in one line; null when nothing is.</param>
/// <param name="Answer">The parse whose action prints help or the version; null otherwise.</param>
internal sealed record CommandLineReading(ClientOptions? Options, string? Error, ParseResult? Answer);

/// <summary>
/// The command line, through System.CommandLine: <c>&lt;username&gt; [host[:port]] [port]</c> and
/// the options, with <c>--help</c> and <c>--version</c> from the library. The library gives the
/// help page and the parsing of options; the words of every mistake are the client's own, one
/// line each, because a user who mistyped wants the fix, not a page.
/// </summary>
internal static class ClientCommandLine
{
    public const string Name = "RxChat.Client";

    private sealed class Symbols
    {
        // Each description ends with its default, so --help shows every one (the library shows
        // a default only for what it computes, and would say False for a flag that is off).
        public readonly Argument<string?> Username = new("username")
            { Description = "your name in the chat" };
        public readonly Argument<string?> Host = new("host")
            { Description = $"the server, optionally with its port: host:port, [::1]:7777 [default: {ClientOptions.DefaultHost}]", Arity = ArgumentArity.ZeroOrOne };
        public readonly Argument<string?> Port = new("port")
            { Description = $"the server's port [default: {ClientOptions.DefaultPort}, or {ClientOptions.DefaultTlsPort} with --tls]", Arity = ArgumentArity.ZeroOrOne };
        public readonly Option<bool> Reconnect = new("--reconnect")
            { Description = "when the first connect fails or the connection drops, retry with backoff, log in again and rejoin your room; a refused name or password is never retried [default: off]" };
        public readonly Option<bool> NoColor = new("--no-color")
            { Description = "plain text, as when NO_COLOR is set or output is not a terminal [default: off]" };
        public readonly Option<bool> Tls = new("--tls")
            { Description = "connect over TLS, checking the server's certificate against the system's trusted CAs and the host name [default: off]" };
        public readonly Option<string?> Ca = new("--ca")
            { Description = "over TLS, trust only the CA (or self-signed) certificates in this PEM file; implies --tls [default: none, the system's CAs]", HelpName = "FILE" };
        public readonly Option<bool> Insecure = new("--insecure")
            { Description = "over TLS, do not check the certificate at all (warns: anyone on the way can read along); implies --tls [default: off]" };
        public readonly Option<string?> PasswordFile = new("--password-file")
            { Description = "the password, when the server asks for one, from the first line of FILE [default: none, asked without echo, or the first piped line]", HelpName = "FILE" };
        public readonly Option<bool> AllowPlainPassword = new(PlainPassword.AllowOption)
            { Description = "send the --password-file password over plain TCP to a host other than this machine, where anyone on the way can read it [default: off]" };
        /// <summary>
        /// Put first on every command line, so that no username is first: the library takes a
        /// first word in brackets, such as the name [bob], for a directive, whatever the root allows.
        /// </summary>
        public readonly Option<bool> Start = new("--rxchat-start") { Hidden = true };
        public readonly RootCommand Root;

        public Symbols()
        {
            Root = new RootCommand("The RxChat console client: chat in colour on a terminal, or in plain lines from a script.")
            {
                Username, Host, Port, Reconnect, NoColor, Tls, Ca, Insecure, PasswordFile, AllowPlainPassword, Start,
            };
            Root.HelpName = Name;
            // A username like [bob] must not be taken for a directive such as [diagram].
            Root.Directives.Clear();
            var help = Root.Options.OfType<HelpOption>().Single();
            help.Action = new HelpWithExitCodes((HelpAction)help.Action!);
        }
    }

    /// <summary>The library's help page, then the exit codes, which a script needs as much as the options.</summary>
    private sealed class HelpWithExitCodes(HelpAction page) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            page.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Exit codes:");
            output.WriteLine(
                $"  {ExitCode.Left} you left, {ExitCode.CouldNotConnect} no server, {ExitCode.Usage} wrong arguments, " +
                $"{ExitCode.Refused} name or password refused, {ExitCode.ConnectionLost} connection lost");
            return ExitCode.Left;
        }
    }

    /// <summary>Reads <paramref name="args"/>; never touches the network or the console.</summary>
    public static CommandLineReading Read(IReadOnlyList<string> args)
    {
        var s = new Symbols();
        // A username may start with @: it is not a response file.
        var parsed = s.Root.Parse([s.Start.Name, .. args], new ParserConfiguration { ResponseFileTokenReplacer = null });
        // Help and version answer at once, whatever else is on the line.
        if (parsed.Action is not null and not ParseErrorAction) return new(null, null, parsed);

        if (UnknownOption(parsed, s) is { } unknown) return Mistake(unknown);
        if (parsed.UnmatchedTokens.Count > 0 || parsed.GetResult(s.Username) is not { Tokens: [{ Value: var typedName }] })
            return Mistake("Expected a username, then optionally a host and a port");
        if (parsed.Errors.Count > 0) return Mistake(Worded(parsed.Errors[0], s));

        var username = typedName.Trim();
        if (username.Length == 0 || username.Any(char.IsControl)) return Mistake("The username must be printable and not blank");

        var caFile = parsed.GetValue(s.Ca);
        var insecure = parsed.GetValue(s.Insecure);
        if (insecure && caFile is not null) return Mistake("--ca and --insecure contradict each other: choose one");

        var host = ClientOptions.DefaultHost;
        int? port = null;
        if (parsed.GetValue(s.Host) is { } hostText && !ServerAddress.TrySplit(hostText, out host, out port, out var hostError))
            return Mistake(hostError!);
        if (parsed.GetValue(s.Port) is { } portText)
        {
            if (port is not null) return Mistake($"The port is given twice: {parsed.GetValue(s.Host)} and {portText}; give it once");
            if (!ServerAddress.TryPort(portText, out var separate)) return Mistake(ServerAddress.NotAPort(portText));
            port = separate;
        }

        ClientTls? tls = null;
        // --ca and --insecure only make sense over TLS: they imply it.
        if (parsed.GetValue(s.Tls) || insecure || caFile is not null)
        {
            string? caError = null;
            tls = caFile is null ? (insecure ? ClientTls.Unchecked : ClientTls.SystemTrust) : ClientTls.TrustingOnly(caFile, out caError);
            if (tls is null) return Mistake(caError!);
        }

        if (parsed.GetValue(s.PasswordFile) is not null
            && PlainPassword.Refusal(host, overTls: tls is not null, parsed.GetValue(s.AllowPlainPassword)) is { } inClear)
            return Mistake(inClear);

        var options = new ClientOptions(username, host, port ?? (tls is null ? ClientOptions.DefaultPort : ClientOptions.DefaultTlsPort),
            parsed.GetValue(s.Reconnect), parsed.GetValue(s.NoColor))
        {
            Tls = tls,
            PasswordFile = parsed.GetValue(s.PasswordFile),
        };
        return new(options, null, null);
    }

    /// <summary>The help page, as <c>--help</c> prints it.</summary>
    public static string Help()
    {
        var output = new StringWriter();
        Read(["--help"]).Answer!.Invoke(new InvocationConfiguration { Output = output });
        return output.ToString();
    }

    private static CommandLineReading Mistake(string error) => new(null, error, null);

    /// <summary>
    /// A word starting with <c>-</c> that no option took. The library would have taken it as
    /// the host (the positions are optional), so it is looked for among the positions too.
    /// </summary>
    private static string? UnknownOption(ParseResult parsed, Symbols s)
    {
        var words = new[] { s.Username, s.Host, s.Port }
            .SelectMany(argument => parsed.GetResult(argument)?.Tokens.Select(t => t.Value) ?? [])
            .Concat(parsed.UnmatchedTokens);
        var unknown = words.FirstOrDefault(word => word.Length > 1 && word[0] == '-');
        if (unknown is null) return null;
        var known = s.Root.Options.Where(option => !option.Hidden).SelectMany(option => option.Aliases.Prepend(option.Name));
        return Suggestion.Closest(unknown, known) is { } meant
            ? $"unknown option {unknown}; did you mean {meant}?"
            : $"unknown option {unknown}";
    }

    /// <summary>The library's words for a mistake, where the client has plainer ones.</summary>
    private static string Worded(ParseError error, Symbols s) => (error.SymbolResult as OptionResult)?.Option switch
    {
        { } option when option == s.Ca => "--ca needs a file: --ca cert.pem",
        { } option when option == s.PasswordFile => "--password-file needs a file",
        _ => error.Message,
    };
}
