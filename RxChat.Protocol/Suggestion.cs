namespace RxChat.Protocol;

/// <summary>
/// The option a mistyped one was most likely meant to be (<c>--reconect</c> → <c>--reconnect</c>),
/// or none when nothing is close: a far-fetched guess misleads more than no guess.
/// </summary>
public static class Suggestion
{
    /// <summary>
    /// Edits (insert, delete, replace, swap two neighbours) still taken for a typo: up to one in
    /// four characters, at most two, so <c>-x</c> is not "meant" to be <c>-h</c>.
    /// </summary>
    private static int MaxEdits(string typed) => Math.Min(2, typed.Length / 4);

    public static string? Closest(string typed, IEnumerable<string> known)
    {
        var candidates = known.ToList();
        var best = candidates
            .Select(name => (Name: name, Edits: Edits(typed, name)))
            .Where(c => c.Edits <= MaxEdits(typed))
            .OrderBy(c => c.Edits)
            .FirstOrDefault();
        if (best.Name is not null) return best.Name;
        // A cut-short name (--password for --password-file) is close too, when it is the only one it starts.
        var longer = candidates.Where(name => typed.Length > 2 && name.StartsWith(typed, StringComparison.Ordinal)).ToList();
        return longer.Count == 1 ? longer[0] : null;
    }

    /// <summary>The optimal string alignment distance: Levenshtein plus swapped neighbours, the commonest typo.</summary>
    public static int Edits(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
