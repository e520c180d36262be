using System.Text;
using RxChat.Protocol;
using RxChat.Server.Core;
using W = RxChat.Server.Protocol.IrcWords;

namespace RxChat.Server.Protocol;

/// <summary>
/// One IRC connection's side of the conversation, read line by line: its registration
/// (<c>CAP</c>, <c>PASS</c>, <c>AUTHENTICATE</c>, <c>NICK</c>, <c>USER</c>) becomes one
/// <see cref="Login"/> once complete; after that each command becomes the chat's command.
/// What needs nothing of the chat — a <c>PONG</c>, a capability's <c>ACK</c>, a line IRC itself
/// refuses (421, 461, 417 …) — is answered at once by <paramref name="reply"/>, never logged.
/// Lines are read one at a time, in order (the connection's read loop).
/// </summary>
/// <param name="reply">Sends a line to this client alone, now (its connection's own queue).</param>
public sealed class IrcSession(Action<string> reply) : IFrameReader
{
    private static readonly Inbound Nothing = new(null);

    private volatile IrcCapabilities _capabilities;
    private bool _negotiating;   // CAP LS was sent and CAP END not yet: registration waits
    private string? _nick;       // as given by NICK
    private bool _user;          // USER was given
    private string? _password;   // by PASS
    private bool _saslStarted;   // AUTHENTICATE PLAIN, the credentials to come
    private string? _account;    // by SASL PLAIN: the name to log in as
    private string? _accountPassword;
    private string? _registered; // the name the chat was asked to log in: the nick from then on

    /// <summary>What this client took (read by its writer, on another thread).</summary>
    public IrcCapabilities Capabilities => _capabilities;

    /// <summary>Whether the chat was asked to log this client in.</summary>
    public bool Registered => _registered is not null;

    private string Nick => _registered ?? _nick ?? "*";

    public Inbound Read(string frame, bool awaitingLogin)
    {
        if (IrcMessage.Parse(frame) is not { } message) return Nothing;
        if (message.Length > IrcLines.MaxLineBytes) return Say(W.Numeric("417", Nick, IrcLines.InputTooLong));
        switch (message.Command)
        {
            case "PING": return Say(W.FromServer("PONG", IrcLines.Server, message.Param(0) ?? IrcLines.Server));
            case "PONG": return Nothing; // it is there: the line itself was what counted
            case "CAP": return Cap(message);
            case "QUIT": return new(Quit.Instance);
            case "AUTHENTICATE": return Authenticate(message);
        }
        return _registered is null ? Registering(message) : Command(message);
    }

    /// <summary>After <c>Password for {user}:</c>, the password is PASS's parameter (or, from a client that has no PASS command at hand, the line's last one).</summary>
    public string ReadPassword(string frame) => PasswordIn(frame);

    public static string PasswordIn(string frame) =>
        IrcMessage.Parse(frame) is { Params.Count: > 0 } message ? message.Params[^1] : frame.Trim();

    private Inbound Registering(IrcMessage message)
    {
        switch (message.Command)
        {
            case "PASS":
                if (message.Param(0) is not { } password) return NeedMore(message);
                _password = password;
                return Nothing;
            case "NICK":
                if (message.Param(0) is not { Length: > 0 } nick) return Say(W.Numeric("431", Nick, IrcLines.NoNickGiven));
                if (WhyNotNick(nick) is { } what) return Say(W.Numeric("432", Nick, nick, IrcLines.ErroneousNick.Render(what)));
                _nick = nick;
                return TryRegister();
            case "USER":
                if (message.Params.Count == 0) return NeedMore(message);
                _user = true;
                return TryRegister();
            default:
                return Say(W.Numeric("451", Nick, IrcLines.NotRegistered));
        }
    }

    /// <summary>Registration is complete once NICK and USER are in and capability negotiation, if begun, has ended.</summary>
    private Inbound TryRegister()
    {
        if (_nick is null || !_user || _negotiating) return Nothing;
        _registered = _account ?? _nick; // SASL names the account, and an account is a name
        return new(new Login(_registered), _account is null ? _password : _accountPassword);
    }

    private Inbound Command(IrcMessage message)
    {
        var nick = Nick;
        switch (message.Command)
        {
            case "NICK": return Say(W.Numeric("447", nick, IrcLines.NickFixed));
            case "USER" or "PASS": return Say(W.Numeric("462", nick, IrcLines.AlreadyRegistered));
            case "JOIN":
                if (message.Param(0) is not { } channels) return NeedMore(message);
                if (channels == "0") return new(new ExitRoom());
                var channel = channels.Split(',')[0];
                return W.Room(channel) is { } room ? new(new Join(room)) : NoSuchChannel(channel);
            case "PART":
                if (message.Param(0) is not { } parted) return NeedMore(message);
                var left = parted.Split(',')[0];
                return W.Room(left) is { } leaving ? new(new ExitRoom(leaving)) : NoSuchChannel(left);
            case "PRIVMSG" or "NOTICE": return Message(message);
            case "NAMES": return new(WhoIsHere.Instance);
            case "WHO":
                return message.Param(0) is { } mask && W.Room(mask) is not null
                    ? new(new WhoIsHere(Detailed: true))
                    : Say(W.Numeric("315", nick, message.Param(0) ?? "*", IrcLines.EndOfWho));
            case "LIST": return new(ListRooms.Instance);
            case "MODE": return Mode(message);
            case "TOPIC":
                if (message.Param(0) is not { } topicOf) return NeedMore(message);
                if (W.Room(topicOf) is not { } topicRoom) return NoSuchChannel(topicOf);
                return message.Param(1) is { } topic ? new(new SetTopic(TerminalText.Clean(topic).Trim(), topicRoom)) : new(new ShowTopic(topicRoom));
            case "KICK":
                if (message.Params.Count < 2) return NeedMore(message);
                if (W.Room(message.Params[0]) is not { } kickRoom) return NoSuchChannel(message.Params[0]);
                return new(new Kick(message.Params[1].Split(',')[0], message.Param(2) is { } reason ? TerminalText.Clean(reason).Trim() : null, kickRoom));
            default:
                return Say(W.Numeric("421", nick, message.Command, IrcLines.UnknownCommand));
        }
    }

    private Inbound Message(IrcMessage message)
    {
        if (message.Param(0) is not { Length: > 0 } target) return Say(W.Numeric("411", Nick, IrcLines.NoRecipient.Render(message.Command)));
        if (message.Param(1) is not { } said) return Say(W.Numeric("412", Nick, IrcLines.NoTextToSend));
        bool action = said.StartsWith("\u0001ACTION ", StringComparison.Ordinal);
        if (said.StartsWith('\u0001') && !action) return Nothing; // other CTCP (VERSION, PING …): RxChat answers none
        var text = TerminalText.Clean(action ? said["\u0001ACTION ".Length..].TrimEnd('\u0001') : said).Trim();
        if (text.Length == 0) return message.Command == "NOTICE" ? Nothing : Say(W.Numeric("412", Nick, IrcLines.NoTextToSend));
        bool quietly = message.Command == "NOTICE"; // never answered, not even with an error
        if (W.Room(target) is { } room) return new(action ? new Act(text) : new Say(text, room, quietly));
        if (target.StartsWith('#')) return quietly ? Nothing : NoSuchChannel(target);
        // A direct message; an action to one person reads as one ("* bob waves").
        return new(new Tell(target, action ? $"* {Nick} {text}" : text, quietly));
    }

    /// <summary>RxChat sets no modes: a channel's are <c>+</c>, its ban list empty; its operator is its leader, by connection order.</summary>
    private Inbound Mode(IrcMessage message)
    {
        if (message.Param(0) is not { } target) return NeedMore(message);
        if (W.Room(target) is null) return Say(W.Numeric("221", Nick, "+"));
        return message.Param(1) switch
        {
            null => Say(W.Numeric("324", Nick, target, "+")),
            "b" or "+b" when message.Params.Count == 2 => Say(W.Numeric("368", Nick, target, IrcLines.EndOfBanList)),
            _ => Say(W.Numeric("482", Nick, target, IrcLines.NoModes)),
        };
    }

    private Inbound Cap(IrcMessage message)
    {
        switch (message.Param(0)?.ToUpperInvariant())
        {
            case "LS":
                if (_registered is null) _negotiating = true;
                var offered = message.Param(1) == "302"
                    ? string.Join(' ', IrcLines.Capabilities.Select(c => c == "sasl" ? $"sasl={IrcLines.SaslMechanism}" : c))
                    : string.Join(' ', IrcLines.Capabilities);
                return Say(W.FromServer("CAP", Nick, "LS", offered));
            case "LIST":
                return Say(W.FromServer("CAP", Nick, "LIST", IrcCapabilityNames.Names(_capabilities)));
            case "REQ":
                if (_registered is null) _negotiating = true;
                return Request(message.Param(1) ?? "");
            case "END":
                _negotiating = false;
                return _registered is null ? TryRegister() : Nothing;
            case null:
                return NeedMore(message);
            default:
                return Say(W.Numeric("410", Nick, message.Params[0], IrcLines.UnknownCommand));
        }
    }

    /// <summary>All of the requested capabilities are taken (a leading <c>-</c> gives one up), or none is.</summary>
    private Inbound Request(string requested)
    {
        var caps = _capabilities;
        foreach (var name in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            bool off = name[0] == '-';
            if (IrcCapabilityNames.Parse(off ? name[1..] : name) is not { } flag) return Say(W.FromServer("CAP", Nick, "NAK", requested));
            caps = off ? caps & ~flag : caps | flag;
        }
        _capabilities = caps;
        return Say(W.FromServer("CAP", Nick, "ACK", requested));
    }

    /// <summary>
    /// SASL PLAIN: the credentials are taken here and checked as the registration completes,
    /// with the login (a wrong password is 464, then the connection closes).
    /// </summary>
    private Inbound Authenticate(IrcMessage message)
    {
        if (_registered is not null) return Say(W.Numeric("907", Nick, IrcLines.AlreadyRegistered));
        var argument = message.Param(0);
        if (argument is null) return NeedMore(message);
        if (argument == "*")
        {
            _saslStarted = false;
            return Say(W.Numeric("906", Nick, IrcLines.SaslAborted));
        }
        if (!_saslStarted)
        {
            if (!argument.Equals(IrcLines.SaslMechanism, StringComparison.OrdinalIgnoreCase))
            {
                reply(W.Numeric("908", Nick, IrcLines.SaslMechanism, IrcLines.SaslMechanisms));
                return Say(W.Numeric("904", Nick, IrcLines.SaslFailed));
            }
            _saslStarted = true;
            return Say("AUTHENTICATE +");
        }
        _saslStarted = false;
        if (Plain(argument) is not ({ } account, { } password)) return Say(W.Numeric("904", Nick, IrcLines.SaslFailed));
        (_account, _accountPassword) = (account, password);
        return Say(W.Numeric("903", Nick, IrcLines.SaslTaken));
    }

    /// <summary><c>base64(authzid NUL authcid NUL password)</c>: the name (authcid) and password, or nulls when it is not that.</summary>
    private static (string?, string?) Plain(string base64)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\0');
            return parts.Length == 3 && parts[1].Length > 0 ? (parts[1], parts[2]) : (null, null);
        }
        catch (FormatException) { return (null, null); }
    }

    /// <summary>
    /// What IRC cannot carry in a nick (it would split or forge a message); RxChat's own rules
    /// (length, control characters …) are the chat's to check, as for every kind of client.
    /// </summary>
    public static string? WhyNotNick(string nick)
    {
        if (nick[0] is '#' or '&' or '$' or ':') return $"'{nick[0]}' first";
        foreach (var c in nick)
            if (c is ' ' or ',' or '*' or '?' or '!' or '@') return $"'{c}'";
        return null;
    }

    private Inbound NeedMore(IrcMessage message) => Say(W.Numeric("461", Nick, message.Command, IrcLines.NeedMoreParams));

    private Inbound NoSuchChannel(string channel) => Say(W.Numeric("403", Nick, channel, IrcLines.NoSuchChannel));

    private Inbound Say(string line)
    {
        reply(line);
        return Nothing;
    }
}
