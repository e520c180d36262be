namespace RxChat.Client.Input;

/// <summary>What a key press asks of the line editor, beyond changing the text.</summary>
internal enum EditOutcome
{
    /// <summary>Keep editing.</summary>
    Editing,

    /// <summary>Enter: the line is finished.</summary>
    Submit,

    /// <summary>Ctrl+D on an empty line: no more input, like the end of a piped stdin.</summary>
    EndOfInput,

    /// <summary>Ctrl+C: leave.</summary>
    Interrupt,
}

/// <summary>
/// The line being typed and the cursor in it. Pure: <see cref="Apply"/> returns a new
/// buffer, so every key binding is unit-tested without a terminal.
/// </summary>
internal sealed record EditBuffer(string Text, int Cursor)
{
    /// <summary>A bound on a typed line; RxChat's server refuses lines over 4096 bytes anyway.</summary>
    public const int MaxLength = 4096;

    public static EditBuffer Empty { get; } = new("", 0);

    public (EditBuffer Buffer, EditOutcome Outcome) Apply(ConsoleKeyInfo key)
    {
        var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
        if (control && key.Key == ConsoleKey.C) return (this, EditOutcome.Interrupt);
        if (control && key.Key == ConsoleKey.D)
            return Text.Length == 0 ? (this, EditOutcome.EndOfInput) : (Delete(), EditOutcome.Editing);

        var next = key.Key switch
        {
            ConsoleKey.Enter => null,
            ConsoleKey.Backspace => Backspace(),
            ConsoleKey.Delete => Delete(),
            ConsoleKey.LeftArrow => this with { Cursor = TextElements.Previous(Text, Cursor) },
            ConsoleKey.RightArrow => this with { Cursor = TextElements.Next(Text, Cursor) },
            ConsoleKey.Home => this with { Cursor = 0 },
            ConsoleKey.End => this with { Cursor = Text.Length },
            ConsoleKey.A when control => this with { Cursor = 0 },
            ConsoleKey.E when control => this with { Cursor = Text.Length },
            ConsoleKey.U when control => Empty,
            _ => Insert(key.KeyChar),
        };
        return next is null ? (this, EditOutcome.Submit) : (next, EditOutcome.Editing);
    }

    private EditBuffer Insert(char c)
    {
        // Only what prints: arrows, function keys and other control keys carry no text.
        if (char.IsControl(c) || c == '\0' || Text.Length >= MaxLength) return this;
        return new(Text.Insert(Cursor, c.ToString()), Cursor + 1);
    }

    private EditBuffer Backspace()
    {
        var start = TextElements.Previous(Text, Cursor);
        return new(Text.Remove(start, Cursor - start), start);
    }

    private EditBuffer Delete() => new(Text.Remove(Cursor, TextElements.Next(Text, Cursor) - Cursor), Cursor);
}
