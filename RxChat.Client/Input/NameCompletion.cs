namespace RxChat.Client.Input;

/// <summary>
/// Tab: completes the word before the cursor to a name seen in the chat, as far as the
/// names that start with it agree (case-insensitively, as people type). A unique name is
/// completed whole, followed by <c>": "</c> at the start of the line (addressing someone)
/// or a space elsewhere. Pure.
/// </summary>
internal static class NameCompletion
{
    public static EditBuffer Complete(EditBuffer buffer, IEnumerable<string> names)
    {
        var start = Words.Previous(buffer.Text, buffer.Cursor);
        var typed = buffer.Text[start..buffer.Cursor];
        if (typed.Length == 0 || char.IsWhiteSpace(typed[^1])) return buffer;

        var candidates = names.Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0) return buffer;

        var completed = candidates.Count == 1
            ? candidates[0] + (start == 0 ? ": " : " ")
            : CommonPrefix(candidates);
        if (completed.Length < typed.Length) return buffer;   // the names disagree on case: leave what was typed
        var replaced = new EditBuffer(buffer.Text.Remove(start, typed.Length), start);
        return replaced.Insert(completed);
    }

    private static string CommonPrefix(IReadOnlyList<string> names)
    {
        var length = names.Min(n => n.Length);
        for (var i = 0; i < length; i++)
            if (names.Any(n => n[i] != names[0][i])) { length = i; break; }
        return names[0][..length];
    }
}
