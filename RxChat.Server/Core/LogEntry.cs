namespace RxChat.Server.Core;

/// <summary>
/// One command in the one ordered log, stamped once as it entered: who sent it and when
/// (UTC), and where the log put it. <see cref="Position"/> is the fold's version (<see cref="ChatState.Position"/>): positions
/// only grow, and "connected earliest" is the lowest position of a <see cref="Connected"/>.
/// </summary>
public sealed record LogEntry(long Position, DateTimeOffset Time, ConnectionId From, Command Command)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Stamp Stamp => new(Position, Time);
}

/// <summary>Where and when an event happened: the log position and UTC time of the command that caused it.</summary>
/// <param name="Position">Stored as <c>seq</c>, its name before it had one name everywhere: stored events stay readable.</param>
public readonly record struct Stamp([property: System.Text.Json.Serialization.JsonPropertyName("seq")] long Position, DateTimeOffset Time);
