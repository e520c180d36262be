using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Configuration;
using RxChat.Protocol;

namespace RxChat.Server.Hosting;

/// <summary>The operator's <c>accounts</c> command as typed: the verb, and the name it acts on.</summary>
public sealed record AccountsRequest(string Verb, string? Name);

/// <summary>What the command line asks for: the server, the accounts command, an answer (help, version), or nothing but a mistake.</summary>
/// <param name="Settings">Configuration keys given on the command line, with their values (they win over the file and the environment).</param>
/// <param name="Accounts">The accounts command to run instead of the server; null for the server.</param>
/// <param name="Error">What is wrong, in one line; null when nothing is.</param>
/// <param name="Answer">The parse whose action prints help or the version; null otherwise.</param>
public sealed record ServerCommandLineReading(
    IReadOnlyDictionary<string, string?> Settings, AccountsRequest? Accounts, string? Error, ParseResult? Answer)
{
    /// <summary>The <c>export-marble</c> command to run instead of the server; null otherwise.</summary>
    public ExportMarbleRequest? ExportMarble { get; init; }
}

/// <summary>
/// The operator's <c>export-marble</c> command as typed: the log positions to export (inclusive;
/// null for the first and the last stored), and the file to write (null: standard output).
/// </summary>
public sealed record ExportMarbleRequest(long? From, long? To, string? Out);

/// <summary>
/// The server's command line, through System.CommandLine: the short switches (<c>--port</c>,
/// <c>--data-dir</c> …), every key of the options tree as <c>--RxChat:Section:Name VALUE</c>,
/// <c>--Logging:…</c> keys as they are, and the <c>accounts</c> command. Each value is checked
/// here, against the type its setting binds to, so a mistake is one line before anything
/// listens; the library gives the help page and the parsing.
/// </summary>
public static class ServerCommandLine
{
    /// <summary>What a user runs (<c>dotnet run --project RxChat.Server -- …</c> runs the same), in every usage line.</summary>
    public const string Name = "RxChat.Server";

    /// <summary>Logging is .NET's own tree, not ours: its keys pass through unchecked.</summary>
    private const string LoggingPrefix = "--Logging:";

    /// <summary>The short switches, each a name for one key of the tree.</summary>
    private static readonly (string Switch, string Key, string Description)[] Switches =
    [
        ("--port", "Port", "the chat's TCP port; 0 takes a free one (the log says which)"),
        ("--host", "Host", "the address to listen on (TCP and HTTP)"),
        ("--http-port", "HttpPort", "the HTTP port: web page, WebSocket, /metrics, /healthz; 0 takes a free one, negative turns HTTP off"),
        ("--data-dir", "DataDir", "where the log is kept, relative to the current directory; :memory: keeps nothing"),
        ("--durability", "Durability", "what a stored line survives: normal, a killed process; full, a power loss too, each run waiting for the disk"),
        ("--node", "Node", "this server's name among the nodes sharing a log"),
        ("--nats", "Nats:Urls", "comma-separated NATS URLs holding the cluster's shared log; without it, the embedded log in the data directory"),
        ("--nats-nodes", "Nats:Nodes", "comma-separated names of the cluster's nodes; entries from any other node are skipped"),
        ("--nats-creds", "Nats:CredsFile", "a NATS .creds file or NKey seed file this node logs in to NATS with"),
        ("--nats-user", "Nats:User", "the NATS user this node logs in as; its password from --nats-password-file or RXCHAT_NATS_PASSWORD"),
        ("--nats-password-file", "Nats:PasswordFile", "a file holding the NATS user's password"),
        ("--nats-token-file", "Nats:TokenFile", "a file holding a NATS token (or RXCHAT_NATS_TOKEN in the environment)"),
        ("--nats-ca", "Nats:CaFile", "the certificate authority (PEM) of the NATS servers, for tls:// URLs"),
        ("--tls-port", "Tls:Port", $"the TLS port beside the plain one, once a certificate is given; 0 takes a free one [default: {TlsOptions.DefaultPort}]"),
        ("--tls-cert", "Tls:Cert", "the TLS certificate, PEM (its chain may follow it in the file)"),
        ("--tls-key", "Tls:Key", "the certificate's private key, PEM, unencrypted"),
        ("--https-port", "Tls:HttpsPort", "the HTTPS port (web page, wss://), with TLS on; 0 takes a free one, negative turns HTTPS off"),
        ("--irc-port", "Irc:Port", "a port for IRC clients (irssi, WeeChat …); off unless given; 0 takes a free one"),
        ("--irc-tls-port", "Irc:TlsPort", "a port for IRC clients over TLS, with the TLS certificate; off unless given; 0 takes a free one"),
    ];

    /// <summary>Keys whose value is a port: these ports may be 0 (a free one); the <see cref="OffPorts"/> may also be negative (off).</summary>
    private static readonly HashSet<string> Ports = [$"{ChatServerOptions.Section}:Port", $"{ChatServerOptions.Section}:Tls:Port",
        $"{ChatServerOptions.Section}:Irc:Port", $"{ChatServerOptions.Section}:Irc:TlsPort"];

    private static readonly HashSet<string> OffPorts = [$"{ChatServerOptions.Section}:HttpPort", $"{ChatServerOptions.Section}:Tls:HttpsPort"];

    private static readonly Dictionary<string, SettingKey> ByKey = ChatServerOptions.Keys.ToDictionary(k => k.Key);

    private sealed class Symbols
    {
        public readonly RootCommand Root;
        public readonly Command Accounts;
        public readonly Argument<string> Verb = new("verb") { Description = "add, remove or list" };
        public readonly Argument<string?> AccountName = new("name") { Description = "the account's name (for add and remove)", Arity = ArgumentArity.ZeroOrOne };
        public readonly Command ExportMarble;
        public readonly Option<string> From = new("--from") { Description = "the first log position to export [default: the first stored]", HelpName = "POS" };
        public readonly Option<string> To = new("--to") { Description = "the last log position to export [default: the last stored]", HelpName = "POS" };
        public readonly Option<string> Out = new("--out") { Description = "the .marble file to write [default: standard output]", HelpName = "FILE" };

        /// <summary>
        /// Every option that sets a key, with the key it sets. An option may be given again, and
        /// the last one wins (as a script adds to a base command line), one value at a time:
        /// <c>--port 1 2</c> is a mistake, not two ports.
        /// </summary>
        public readonly List<(Option<string[]> Option, string Key)> Settings = [];

        public Symbols()
        {
            Root = new RootCommand(
                "The RxChat server: a multi-room chat on TCP (nc, telnet, the console client), a web page and WebSocket on HTTP, " +
                "optionally TLS, its log in a data directory or, for several nodes, in NATS JetStream.");
            Root.HelpName = Name;
            Root.Directives.Clear();
            foreach (var (name, key, description) in Switches)
            {
                var setting = ByKey[$"{ChatServerOptions.Section}:{key}"];
                var shown = setting.DefaultText is { } value && !description.Contains("[default:", StringComparison.Ordinal)
                    ? $"{description} [default: {value}]"
                    : setting.Default is null && !description.Contains("[default:", StringComparison.Ordinal) ? $"{description} [default: none]" : description;
                var option = new Option<string[]>(name) { Description = shown, HelpName = HelpNameOf(setting), Recursive = true, Arity = ArgumentArity.OneOrMore };
                Root.Options.Add(option);
                Settings.Add((option, setting.Key));
            }
            // Every key of the tree, listed after the page (see HelpWithSettings) rather than as options of their own.
            foreach (var setting in ChatServerOptions.Keys)
            {
                var option = new Option<string[]>($"--{setting.Key}") { Hidden = true, Recursive = true, Arity = ArgumentArity.OneOrMore };
                Root.Options.Add(option);
                Settings.Add((option, setting.Key));
            }
            Accounts = new Command("accounts",
                "The operator's side of accounts, in the server's data directory (stop the server first; pass the same --data-dir):\n" +
                $"  {Name} accounts add NAME       make an account, or set a new password (asked without echo, or read from stdin)\n" +
                $"  {Name} accounts remove NAME    remove an account: the name is anyone's again\n" +
                $"  {Name} accounts list           the registered names")
            {
                Verb, AccountName,
            };
            Root.Subcommands.Add(Accounts);
            ExportMarble = new Command("export-marble",
                "A stretch of the log as a .marble scenario, for the marble tests (stop the server first; pass the same --data-dir):\n" +
                $"  {Name} export-marble --data-dir DIR --from POS --to POS --out incident.marble\n" +
                $"  {Name} export-marble --nats URL --from POS --to POS     a cluster's stream, with the node's NATS options\n" +
                "One person per connection seen, what each typed, and what the rules say each receives (docs/operations.md).")
            {
                From, To, Out,
            };
            Root.Subcommands.Add(ExportMarble);
            // The root and its commands run (in Program): without an action of their own, the library would ask for a command.
            Root.Action = Accounts.Action = ExportMarble.Action = new Proceed();
            foreach (var help in Root.Options.OfType<HelpOption>()) help.Action = new HelpWithSettings((HelpAction)help.Action!);
        }
    }

    /// <summary>Marks a parse that goes on to the server or the accounts command, not an answer of the library's.</summary>
    private sealed class Proceed : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult) => 0;
    }

    private static string HelpNameOf(SettingKey setting) => (Nullable.GetUnderlyingType(setting.Type) ?? setting.Type) switch
    {
        var t when t == typeof(string) => setting.Key.EndsWith("Dir", StringComparison.Ordinal) ? "DIR"
            : setting.Key.EndsWith("Cert", StringComparison.Ordinal) || setting.Key.EndsWith("Key", StringComparison.Ordinal) ? "FILE"
            : setting.Key.EndsWith("Urls", StringComparison.Ordinal) ? "URLS" : "TEXT",
        var t when t == typeof(bool) => "true|false",
        var t when t.IsEnum => string.Join("|", Enum.GetNames(t).Select(n => n.ToLowerInvariant())),
        _ => Ports.Contains(setting.Key) || OffPorts.Contains(setting.Key) ? "PORT" : "NUMBER",
    };

    /// <summary>The library's help page, then every key of the tree with its default, and the exit codes.</summary>
    private sealed class HelpWithSettings(HelpAction page) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            page.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Settings: every key, with its default. Give one here as --RxChat:Limits:MaxConnections 5, in the");
            output.WriteLine("environment as RxChat__Limits__MaxConnections=5, or in appsettings.json; each is explained in");
            output.WriteLine("docs/rxchat.example.jsonc. Log levels: --Logging:LogLevel:Default Debug.");
            var width = ChatServerOptions.Keys.Max(k => k.Key.Length) + 2;
            foreach (var setting in ChatServerOptions.Keys)
                output.WriteLine($"  --{setting.Key.PadRight(width)}{setting.DefaultText ?? "(none)"}");
            output.WriteLine();
            output.WriteLine("Exit codes:");
            output.WriteLine("  0 stopped or done, 1 accounts refused (nothing changed), 2 wrong arguments, cannot start, or the log is of newer rules,");
            output.WriteLine("  3 stopped: the log failed");
            return 0;
        }
    }

    /// <summary>Reads <paramref name="args"/>; never touches the network, the disk or the console.</summary>
    public static ServerCommandLineReading Read(IReadOnlyList<string> args)
    {
        var s = new Symbols();
        var known = s.Root.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        var logging = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var words = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var word = Canonical(args[i], known);
            if (word.StartsWith(LoggingPrefix, StringComparison.OrdinalIgnoreCase))
            {
                // --Logging:LogLevel:Default Debug, or =Debug: .NET's keys, passed on as they are.
                var (key, value) = SplitValue(word);
                if (value is null)
                {
                    if (i + 1 >= args.Count) return Mistake($"{word} needs a value");
                    value = args[++i];
                }
                logging[key[2..]] = value;
                continue;
            }
            if (word.StartsWith("--", StringComparison.Ordinal) && SplitValue(word) is (var name, { } inline) && known.Contains(name))
            {
                words.Add(name); // --port=8000 as --port 8000
                words.Add(inline);
                continue;
            }
            words.Add(word);
        }

        var parsed = s.Root.Parse(words, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // Help and version answer at once, whatever else is on the line.
        if (parsed.Action is not null and not ParseErrorAction and not Proceed) return new(logging, null, null, parsed);
        if (UnknownOption(parsed, s) is { } unknown) return Mistake(unknown);
        if (parsed.Errors.Count > 0) return Mistake(Worded(parsed.Errors[0], parsed));

        var settings = new Dictionary<string, string?>(logging, StringComparer.OrdinalIgnoreCase);
        foreach (var (option, key) in s.Settings)
        {
            if (parsed.GetResult(option) is not { Tokens: [.., var last] }) continue;
            var shown = option.Name;
            if (Invalid(ByKey[key], last.Value) is { } problem) return Mistake($"bad value for {shown}: {problem}");
            settings[key] = last.Value;
        }

        AccountsRequest? accounts = null;
        if (parsed.CommandResult.Command == s.Accounts)
        {
            var verb = parsed.GetValue(s.Verb)!;
            var name = parsed.GetValue(s.AccountName);
            if (verb is not ("add" or "remove" or "list"))
                return Mistake(Suggestion.Closest(verb, ["add", "remove", "list"]) is { } meant
                    ? $"accounts: unknown verb {verb}; did you mean {meant}? (add, remove or list; {Name} accounts --help)"
                    : $"accounts: unknown verb {verb}: add, remove or list ({Name} accounts --help)");
            if (verb != "list" && name is null) return Mistake($"accounts {verb} needs a name: {Name} accounts {verb} alice");
            if (verb == "list" && name is not null) return Mistake($"accounts list takes no name (it lists them all), not {name}");
            accounts = new AccountsRequest(verb, name);
        }
        if (parsed.CommandResult.Command == s.ExportMarble)
        {
            if (Position(parsed.GetValue(s.From), "--from", out var from) is { } badFrom) return Mistake(badFrom);
            if (Position(parsed.GetValue(s.To), "--to", out var to) is { } badTo) return Mistake(badTo);
            if (from > to) return Mistake($"export-marble: --from {from} is after --to {to}");
            return new(settings, null, null, null) { ExportMarble = new ExportMarbleRequest(from, to, parsed.GetValue(s.Out)) };
        }
        return new(settings, accounts, null, null);
    }

    /// <summary>
    /// What is wrong with the <c>RxChat</c> settings from every source together (appsettings.json,
    /// the environment, the command line), in one line: a key the tree does not have, with the
    /// key it was most likely meant to be, or a value its setting cannot take. Null when nothing is.
    /// </summary>
    public static string? Problem(IConfiguration configuration)
    {
        var section = configuration.GetSection(ChatServerOptions.Section);
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (configuration.GetSection(key).GetChildren().Any()) continue; // a section, not a setting
            if (ChatServerOptions.Keys.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase)) is not { } setting)
            {
                if (value is null) continue; // an empty section, such as "Tls": {}
                return Suggestion.Closest(key, ChatServerOptions.Keys.Select(k => k.Key)) is { } meant
                    ? $"unknown setting {key}; did you mean {meant}?"
                    : $"unknown setting {key}: not a key of the options tree ({Name} --help lists them)";
            }
            if (value is not null && Invalid(setting, value) is { } problem) return $"bad value for {setting.Key}: {problem}";
        }
        return null;
    }

    /// <summary>The help page, as <c>--help</c> prints it.</summary>
    public static string Help(params string[] args)
    {
        var output = new StringWriter();
        Read([.. args, "--help"]).Answer!.Invoke(new InvocationConfiguration { Output = output });
        return output.ToString();
    }

    /// <summary>Reads a log position (1 or more); the mistake in one line, or null.</summary>
    private static string? Position(string? text, string option, out long? position)
    {
        position = null;
        if (text is null) return null;
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            position = value;
            return null;
        }
        return $"export-marble: {option} needs a log position (a whole number from 1), not {text}";
    }

    private static ServerCommandLineReading Mistake(string error) =>
        new(new Dictionary<string, string?>(), null, error, null);

    /// <summary>A key typed in other letter cases (<c>--rxchat:port</c>) as the tree spells it: configuration keys ignore case.</summary>
    private static string Canonical(string word, HashSet<string> known)
    {
        if (!word.StartsWith("--", StringComparison.Ordinal) || known.Contains(word)) return word;
        var (name, value) = SplitValue(word);
        var match = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return match is null ? word : value is null ? match : $"{match}={value}";
    }

    private static (string Name, string? Value) SplitValue(string word) =>
        word.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (word[..at], word[(at + 1)..]) : (word, null);

    /// <summary>Why <paramref name="text"/> cannot be <paramref name="setting"/>'s value; null when it can.</summary>
    private static string? Invalid(SettingKey setting, string text)
    {
        if (!setting.TryRead(text, out var value, out var expected)) return $"{text} (expected {expected})";
        if (setting.Key == $"{ChatServerOptions.Section}:{nameof(ChatServerOptions.TrustedProxies)}")
        {
            try { Transport.TrustedProxies.Parse(text); }
            catch (FormatException e) { return e.Message; }
        }
        if (value is not int port) return null;
        if (Ports.Contains(setting.Key) && port is < 0 or > 65535) return $"{text} (a port: 1 to 65535, or 0 for a free one)";
        if (OffPorts.Contains(setting.Key) && port > 65535) return $"{text} (a port: 1 to 65535, 0 for a free one, or negative for off)";
        return null;
    }

    /// <summary>
    /// A word starting with <c>-</c> that no option took, or a word no command expects: the
    /// first mistake, with the option or command it was most likely meant to be.
    /// </summary>
    private static string? UnknownOption(ParseResult parsed, Symbols s)
    {
        // The library takes an unknown word for the accounts command's verb or name: looked for there too.
        var words = new Argument[] { s.Verb, s.AccountName }
            .SelectMany(argument => parsed.GetResult(argument)?.Tokens.Select(t => t.Value) ?? [])
            .Concat(parsed.UnmatchedTokens).ToList();
        var unknown = words.Find(word => word.Length > 1 && word[0] == '-') ?? (parsed.UnmatchedTokens is [var first, ..] ? first : null);
        if (unknown is null) return null;
        if (unknown.Length > 1 && unknown[0] == '-')
        {
            var options = s.Root.Options.SelectMany(option => option.Aliases.Prepend(option.Name));
            return Suggestion.Closest(unknown, options) is { } meant
                ? $"unknown option {unknown}; did you mean {meant}?"
                : unknown.StartsWith($"--{ChatServerOptions.Section}:", StringComparison.OrdinalIgnoreCase)
                    ? $"unknown option {unknown}: not a key of the options tree ({Name} --help lists them)"
                    : $"unknown option {unknown} ({Name} --help lists them)";
        }
        return parsed.CommandResult.Command == s.Accounts
            ? $"unexpected word {unknown} ({Name} accounts --help)"
            : parsed.CommandResult.Command == s.ExportMarble
            ? $"unexpected word {unknown} ({Name} export-marble --help)"
            : Suggestion.Closest(unknown, ["accounts", "export-marble"]) is { } command
                ? $"unknown command {unknown}; did you mean {command}?"
                : $"unexpected word {unknown}: options start with -- ({Name} --help lists them)";
    }

    /// <summary>The library's words for a mistake, where the server has plainer ones.</summary>
    private static string Worded(ParseError error, ParseResult parsed) => error.SymbolResult switch
    {
        OptionResult { Tokens.Count: 0, Option: var option } => $"{option.Name} needs a value",
        ArgumentResult { Argument.Name: "verb" } => $"accounts needs a verb: add, remove or list ({Name} accounts --help)",
        _ when parsed.CommandResult.Command.Name == "accounts" && error.Message.Contains("verb", StringComparison.Ordinal)
            => $"accounts needs a verb: add, remove or list ({Name} accounts --help)",
        _ => error.Message,
    };
}
