namespace RxChat.Client.Input;

/// <summary>What a key press asks of the line editor, beyond changing the text.</summary>
internal enum EditOutcome
{
    /// <summary>Keep editing.</summary>
    Editing,

    /// <summary>Enter: the line is finished.</summary>
    Submit,

    /// <summary>Enter on a line the server would refuse as too long: it stays in the editor.</summary>
    TooLong,

    /// <summary>Ctrl+D on an empty line: no more input, like the end of a piped stdin.</summary>
    EndOfInput,

    /// <summary>Ctrl+C on an empty line: leave.</summary>
    Interrupt,
}

/// <summary>
/// The line being typed and the cursor in it. Pure: <see cref="Apply"/> returns a new
/// buffer, so every key binding is unit-tested without a terminal. Keys that need more
/// than the line (input history, name completion) are the <see cref="Terminal.LineEditor"/>'s.
/// </summary>
internal sealed record EditBuffer(string Text, int Cursor)
{
    /// <summary>
    /// A bound on what the editor holds, well above <see cref="LineLimit.MaxBytes"/>: a line
    /// over the server's limit stays whole (to be shortened), while a runaway paste cannot
    /// make every redraw slower without end.
    /// </summary>
    public const int MaxLength = 4 * LineLimit.MaxBytes;

    public static EditBuffer Empty { get; } = new("", 0);

    public (EditBuffer Buffer, EditOutcome Outcome) Apply(ConsoleKeyInfo key)
    {
        var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
        var alt = key.Modifiers.HasFlag(ConsoleModifiers.Alt);
        // Ctrl+C abandons what is typed, as in a shell; only on an empty line, where there is
        // nothing left to lose, does it leave — so a reflex Ctrl+C does not end the chat.
        if (control && key.Key == ConsoleKey.C)
            return Text.Length == 0 ? (this, EditOutcome.Interrupt) : (Empty, EditOutcome.Editing);
        if (control && key.Key == ConsoleKey.D)
            return Text.Length == 0 ? (this, EditOutcome.EndOfInput) : (Delete(), EditOutcome.Editing);
        if (key.Key == ConsoleKey.Enter)
            return (this, LineLimit.Fits(Text) ? EditOutcome.Submit : EditOutcome.TooLong);

        var next = key.Key switch
        {
            ConsoleKey.Backspace when control || alt => DeleteWordBefore(),
            ConsoleKey.Backspace => Backspace(),
            ConsoleKey.Delete => Delete(),
            ConsoleKey.LeftArrow when control || alt => this with { Cursor = Words.Previous(Text, Cursor) },
            ConsoleKey.RightArrow when control || alt => this with { Cursor = Words.Next(Text, Cursor) },
            ConsoleKey.LeftArrow => this with { Cursor = TextElements.Previous(Text, Cursor) },
            ConsoleKey.RightArrow => this with { Cursor = TextElements.Next(Text, Cursor) },
            ConsoleKey.Home => this with { Cursor = 0 },
            ConsoleKey.End => this with { Cursor = Text.Length },
            ConsoleKey.A when control => this with { Cursor = 0 },
            ConsoleKey.E when control => this with { Cursor = Text.Length },
            ConsoleKey.B when control => this with { Cursor = TextElements.Previous(Text, Cursor) },
            ConsoleKey.F when control => this with { Cursor = TextElements.Next(Text, Cursor) },
            ConsoleKey.B when alt => this with { Cursor = Words.Previous(Text, Cursor) },
            ConsoleKey.F when alt => this with { Cursor = Words.Next(Text, Cursor) },
            ConsoleKey.U when control => Empty,
            ConsoleKey.W when control => DeleteWordBefore(),
            ConsoleKey.K when control => new EditBuffer(Text[..Cursor], Cursor),
            ConsoleKey.D when alt => new EditBuffer(Text.Remove(Cursor, Words.Next(Text, Cursor) - Cursor), Cursor),
            // Alt with any other key is a shortcut this editor does not have, never text.
            _ when alt || control => this,
            _ => Insert(key.KeyChar.ToString()),
        };
        return (next, EditOutcome.Editing);
    }

    /// <summary>Inserts text at the cursor (a typed character, or a completion); only what prints.</summary>
    public EditBuffer Insert(string text)
    {
        if (text.Any(c => char.IsControl(c) || c == '\0') || Text.Length + text.Length > MaxLength) return this;
        return new(Text.Insert(Cursor, text), Cursor + text.Length);
    }

    private EditBuffer Backspace()
    {
        var start = TextElements.Previous(Text, Cursor);
        return new(Text.Remove(start, Cursor - start), start);
    }

    private EditBuffer Delete() => new(Text.Remove(Cursor, TextElements.Next(Text, Cursor) - Cursor), Cursor);

    private EditBuffer DeleteWordBefore()
    {
        var start = Words.Previous(Text, Cursor);
        return new(Text.Remove(start, Cursor - start), start);
    }
}
