using RxChat.Protocol;

namespace RxChat.Client.Lines;

/// <summary>
/// One classified line, ready to render. <see cref="Text"/> is always the whole line as it
/// will be shown in plain mode (already stripped of control characters); the other fields
/// are the parts the renderer colours, present only for the kinds that have them.
/// </summary>
internal sealed record ServerLine(LineKind Kind, string Text)
{
    /// <summary>The line of <see cref="ServerLines"/> it matched; null for the client's own lines and unknown ones.</summary>
    public LineShape? Shape { get; init; }

    /// <summary>The <c>HH:MM:SS</c> stamp, without brackets.</summary>
    public string? Time { get; init; }

    /// <summary>Who spoke, joined, left or leads.</summary>
    public string? User { get; init; }

    /// <summary>The room a line names (left, leader, room replies, history frames, members).</summary>
    public string? Room { get; init; }

    /// <summary>Whom a direct message is for (its sender is <see cref="User"/>).</summary>
    public string? To { get; init; }

    /// <summary>What was said, for chat lines (and direct messages, actions, topics).</summary>
    public string? Message { get; init; }

    /// <summary>The names of a <c>Users:</c> or <c>Members of …:</c> reply, in the server's order.</summary>
    public IReadOnlyList<string>? Users { get; init; }

    /// <summary>The rooms of a <c>Rooms:</c> reply, in the server's order.</summary>
    public IReadOnlyList<RoomSize>? Rooms { get; init; }

    /// <summary>How many earlier messages a history frame announces.</summary>
    public int? Count { get; init; }

    /// <summary>This client's username, when this chat line mentions it (see <see cref="Mentions"/>): highlighted.</summary>
    public string? Mentioned { get; init; }
}

/// <summary>One entry of a <c>Rooms:</c> reply: a room and how many members it has, as the server wrote it.</summary>
internal readonly record struct RoomSize(string Room, string Members);
