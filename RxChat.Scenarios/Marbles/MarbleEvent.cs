namespace RxChat.Scenarios.Marbles;

/// <summary>What one marble symbol stands for.</summary>
internal enum MarbleKind
{
    Next,
    Completed,
    Error,
}

/// <summary>
/// One notification read from a marble string: its frame (0 = the subscription point), the
/// symbol that wrote it, and the column it was written in (for error messages).
/// </summary>
internal readonly record struct MarbleEvent(long Frame, MarbleKind Kind, char Symbol, int Column);
