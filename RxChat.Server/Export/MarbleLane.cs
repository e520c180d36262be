using RxChat.Server.Core;

namespace RxChat.Server.Export;

/// <summary>
/// One connection of an exported scenario, as its two lanes are drawn: what it typed, at
/// which column, and what it receives, grouped by column. It keeps where each lane may draw
/// next, since a group <c>(ab)</c> is as wide as its characters, parentheses included.
/// </summary>
internal sealed class MarbleLane(ConnectionId id, string name)
{
    public ConnectionId Id { get; } = id;

    public string Name { get; } = name;

    /// <summary>Column, and the typed line (null for the connect, <c>^</c>; <c>|</c> or <c>#</c> for an end).</summary>
    public List<(long Column, char? Symbol, string? Line)> Sends { get; } = [];

    /// <summary>Column, and the lines received there in order (null: the server closes the connection).</summary>
    public SortedDictionary<long, List<string?>> Receives { get; } = [];

    /// <summary>The client closed or lost its connection: the server closing its side is not news to it.</summary>
    public bool PeerGone { get; set; }

    /// <summary>The server hung up: nothing more reaches it, and what it still sent changes nothing.</summary>
    public bool HungUp { get; set; }

    /// <summary>The first column the sends lane can draw at.</summary>
    public long NextSend { get; private set; }

    /// <summary>The first column the receives lane can draw at: after the last group's closing parenthesis.</summary>
    public long NextReceive { get; private set; }

    public void Receive(long column, IReadOnlyList<string?> lines)
    {
        Receives[column] = [.. lines];
        NextReceive = column + (lines.Count == 1 ? 1 : lines.Count + 2);
    }

    public void Send(long column, char? symbol, string? line)
    {
        Sends.Add((column, symbol, line));
        NextSend = column + 1;
    }
}
