using System.Globalization;
using System.Text;
using RxChat.Protocol;
using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// How an IRC line is put together, in one place: the server's numerics
/// (<c>:rxchat 353 bob = #main :@amy bob</c>), a user's messages from <c>nick!nick@node</c>,
/// and the <c>@time=</c> tag every line caused by a log entry carries (stripped for a client
/// that did not take <c>server-time</c>: <see cref="IrcOutput"/>).
/// </summary>
public static class IrcWords
{
    /// <summary>A room as a channel.</summary>
    public static string Channel(string room) => "#" + room;

    /// <summary>The room a channel names, or null when it is no channel (it must start with #, and name something).</summary>
    public static string? Room(string channel) => channel.Length > 1 && channel[0] == '#' ? channel[1..] : null;

    /// <summary>A user as the source of a message: the node it is connected to is its host.</summary>
    public static string Source(string user, ConnectionId who) => $"{user}!{user}@{who.Node}";

    /// <summary>UTC to the millisecond, as IRCv3 <c>server-time</c> writes it.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The tags of a line caused by a log entry at <paramref name="at"/>, in batch <paramref name="batch"/> if given.</summary>
    public static string Tags(Stamp at, string? batch = null) =>
        batch is null ? $"@time={Time(at.Time)} " : $"@batch={batch};time={Time(at.Time)} ";

    /// <summary>A numeric from the server to <paramref name="nick"/>; the last parameter is sent as trailing.</summary>
    public static string Numeric(string code, string nick, params ReadOnlySpan<string> parameters) =>
        Message($":{IrcLines.Server} {code} {nick}", parameters);

    /// <summary>A command from the server (<c>PING</c>, <c>CAP</c>, <c>NOTICE</c>, <c>MODE</c> …).</summary>
    public static string FromServer(string command, params ReadOnlySpan<string> parameters) =>
        Message($":{IrcLines.Server} {command}", parameters);

    /// <summary><paramref name="head"/>, then the parameters, the last one as trailing (<c>:</c>) so it may hold spaces.</summary>
    public static string Message(string head, params ReadOnlySpan<string> parameters)
    {
        var line = new StringBuilder(head);
        for (int i = 0; i < parameters.Length; i++)
        {
            line.Append(' ');
            if (i == parameters.Length - 1) line.Append(':');
            line.Append(parameters[i]);
        }
        return line.ToString();
    }

    /// <summary>A number as IRC writes it.</summary>
    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
