namespace RxChat.Server.Protocol;

/// <summary>
/// One object of PROTOCOL.md Part 4, server to client. One shape for every type: a field is
/// written only when the type has it (null fields are left out), so each object reads as the
/// protocol's table shows it.
/// </summary>
public sealed record ServerMessage(string Type)
{
    public string? Username { get; init; }
    public string? Room { get; init; }
    public string? User { get; init; }
    public string? Text { get; init; }
    /// <summary>A direct message's sender (<c>dm</c>).</summary>
    public string? From { get; init; }
    /// <summary>A direct message's recipient (<c>dm</c>).</summary>
    public string? To { get; init; }
    /// <summary>Why the leader removed someone (<c>removed</c>), when they said.</summary>
    public string? Reason { get; init; }
    public IReadOnlyList<string>? Members { get; init; }
    public string? Leader { get; init; }
    /// <summary>An extension of <c>reply</c> to <c>/rooms</c>: the rooms as data, for programs and the web page.</summary>
    public IReadOnlyList<RoomEntry>? Rooms { get; init; }
    public long? Seq { get; init; }
    /// <summary>UTC, ISO 8601, whole seconds: <c>2026-11-26T12:34:56Z</c>.</summary>
    public string? Time { get; init; }
    public bool? Replay { get; init; }
    public bool? Complete { get; init; }
    public bool? Fatal { get; init; }
}

/// <summary>A room and its member count, in the reply to <c>/rooms</c>.</summary>
public sealed record RoomEntry(string Name, int Members);
