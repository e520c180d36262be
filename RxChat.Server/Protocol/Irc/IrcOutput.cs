namespace RxChat.Server.Protocol;

/// <summary>
/// The one thing an IRC line depends on its recipient for: the capabilities it took. Lines are
/// rendered once for every IRC recipient, with their tags; on the way out each connection keeps
/// only what it asked for — <c>time</c> with <c>server-time</c>, <c>batch</c> (and the
/// <c>BATCH</c> lines themselves) with <c>batch</c> — so a client that took nothing gets plain
/// RFC 1459 lines. Pure.
/// </summary>
public static class IrcOutput
{
    /// <summary>The line as <paramref name="caps"/> may see it; null when it is not to be sent at all.</summary>
    public static string? Adapt(string line, IrcCapabilities caps)
    {
        if (line.Length == 0 || line[0] != '@') return line;
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0) return null;
        var rest = line[(space + 1)..];
        bool batches = caps.HasFlag(IrcCapabilities.Batch);
        if (!batches && IsBatchLine(rest)) return null;

        var kept = new List<string>(2);
        foreach (var tag in line[1..space].Split(';'))
        {
            if (tag.StartsWith("time=", StringComparison.Ordinal) && caps.HasFlag(IrcCapabilities.ServerTime)) kept.Add(tag);
            else if (tag.StartsWith("batch=", StringComparison.Ordinal) && batches) kept.Add(tag);
        }
        return kept.Count == 0 ? rest : "@" + string.Join(';', kept) + " " + rest;
    }

    private static bool IsBatchLine(string rest)
    {
        int space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && rest.AsSpan(space + 1).StartsWith("BATCH ", StringComparison.Ordinal);
    }
}
