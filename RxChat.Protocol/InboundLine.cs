namespace RxChat.Protocol;

/// <summary>
/// One framed line from a connection, already decoded, without its line ending. A line
/// longer than the limit is not kept: only the fact that it was too long travels on, so
/// the sender can be told and nobody pays memory for it.
/// </summary>
public readonly record struct InboundLine(string Text, bool TooLong = false)
{
    public static InboundLine Overlong { get; } = new("", TooLong: true);

    public static implicit operator InboundLine(string text) => new(text);

    public override string ToString() => TooLong ? "<too long>" : Text;
}
