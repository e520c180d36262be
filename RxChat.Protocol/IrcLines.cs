namespace RxChat.Protocol;

/// <summary>
/// The wording of PROTOCOL.md's IRC part: what an IRC client is told in RxChat's own words
/// (the texts after a numeric's parameters, the MOTD, the capabilities offered). Where the
/// chat already has a line for it (a refused name, a refused line), the IRC codec says that
/// line of <see cref="ServerLines"/> instead, so both kinds of client read the same words.
/// </summary>
public static class IrcLines
{
    /// <summary>The server's name, the source of its own messages (<c>:rxchat 001 …</c>).</summary>
    public const string Server = "rxchat";

    /// <summary>The network's name in 005 (<c>NETWORK=RxChat</c>).</summary>
    public const string Network = "RxChat";

    /// <summary>The longest line IRC allows, CR LF included (tags aside): longer is refused with 417.</summary>
    public const int MaxLineBytes = 512;

    /// <summary>What IRCv3 allows client tags to add in front of a line.</summary>
    public const int MaxTagBytes = 4096;

    /// <summary>The capabilities offered, in <c>CAP LS</c>.</summary>
    public static readonly IReadOnlyList<string> Capabilities = ["server-time", "message-tags", "batch", "sasl"];

    /// <summary>The one SASL mechanism: a name (the account) and its password.</summary>
    public const string SaslMechanism = "PLAIN";

    public static readonly LineShape YourHost = new("Your host is {server}, running RxChat");
    public static readonly LineShape Created = new("This server speaks IRC for RxChat: one room at a time, the leader is @");
    public const string Supported = "are supported by this server";
    public static readonly LineShape MotdStart = new("- {server} Message of the day -");

    /// <summary>The MOTD: what an IRC user should know about RxChat before anything else.</summary>
    public static readonly IReadOnlyList<string> Motd =
    [
        "- Rooms are channels: /join #main",
        "- You are in one room at a time: joining another channel first parts the one you are in.",
        "- The room's leader (@) is its earliest-connected member; nobody sets modes.",
        "- Your nick is your RxChat username, fixed for this connection.",
    ];

    public const string MotdEnd = "End of /MOTD command.";
    public const string NotRegistered = "You have not registered";
    public const string AlreadyRegistered = "You may not reregister";
    public const string NickFixed = "RxChat names are fixed for a connection: reconnect to use another";
    public const string NoNickGiven = "No nickname given";
    public static readonly LineShape ErroneousNick = new("Erroneous nickname: IRC cannot carry {what}");
    public const string NeedMoreParams = "Not enough parameters";
    public static readonly LineShape NoRecipient = new("No recipient given ({command})");
    public const string NoTextToSend = "No text to send";
    public const string UnknownCommand = "Unknown command";
    public const string NoSuchNick = "No such nick/channel";
    public const string NoSuchChannel = "No such channel: channels start with #";
    public const string CannotSendToChannel = "Cannot send to channel: you are not in it";
    public const string NotOnChannel = "You're not on that channel";
    public const string NotOperator = "You're not channel operator: in RxChat the room's leader is";
    public const string NoModes = "RxChat sets no modes: the room's leader (@) is its earliest-connected member";
    public const string InputTooLong = "Input line was too long";
    public const string NoTopic = "No topic is set";
    public const string EndOfNames = "End of /NAMES list";
    public const string EndOfWho = "End of /WHO list";
    public const string EndOfBanList = "End of channel ban list";
    public const string ListStart = "Users  Name";
    public const string EndOfList = "End of /LIST";
    public const string SaslTaken = "SASL credentials taken: the password is checked as you register";
    public const string SaslFailed = "SASL authentication failed";
    public const string SaslAborted = "SASL authentication aborted";
    public const string SaslMechanisms = "are available SASL mechanisms";
    public static readonly LineShape PasswordBy = new("Send it with PASS <password>");
    public static readonly LineShape ClosingLink = new("Closing link: {reason}");
    /// <summary>Why a client that never answered PING was cut off (its QUIT's reason, the journal's).</summary>
    public static readonly LineShape NoPong = new("no answer to PING within {seconds} s");
    public const string NoRegistrationInTime = "Registration (NICK and USER, and CAP END after CAP LS) not finished";
}
