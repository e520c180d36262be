namespace RxChat.Client.Lines;

/// <summary>
/// One classified line, ready to render. <see cref="Text"/> is always the whole line as it
/// will be shown in plain mode (already stripped of control characters); the other fields
/// are the parts the renderer colours, present only for the kinds that have them.
/// </summary>
internal sealed record ServerLine(LineKind Kind, string Text)
{
    /// <summary>The <c>HH:MM:SS</c> stamp, without brackets.</summary>
    public string? Time { get; init; }

    /// <summary>Who spoke, joined, left or leads.</summary>
    public string? User { get; init; }

    /// <summary>The room a line names (left, leader, room replies).</summary>
    public string? Room { get; init; }

    /// <summary>What was said, for chat lines.</summary>
    public string? Message { get; init; }

    /// <summary>The names of a <c>Users:</c> reply, in the server's order.</summary>
    public IReadOnlyList<string>? Users { get; init; }
}
