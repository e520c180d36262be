using System.Text;
using System.Text.RegularExpressions;

namespace RxChat.Protocol;

/// <summary>
/// One line of the text protocol as a pattern with holes, e.g. <c>[{time}] {user}: {text}</c>.
/// The server renders a line by filling the holes; the client recognises a line by matching
/// it: both read the same definition, so the wording cannot drift between the two ends.
/// </summary>
/// <remarks>
/// A hole matches as little as it can (the first <c>": "</c> ends <c>{user}</c>), except the
/// last hole of the line, which takes the rest. A hole may carry its own pattern,
/// <c>{time:\d\d:\d\d:\d\d}</c>; text outside holes is literal.
/// </remarks>
public sealed partial class LineShape
{
    private readonly string[] _literals; // literal text before each hole, and after the last one
    private readonly Regex _match;

    public LineShape(string pattern)
    {
        Pattern = pattern;
        var literals = new List<string>();
        var holes = new List<string>();
        var regex = new StringBuilder("^");
        int at = 0;
        foreach (Match hole in Hole().Matches(pattern))
        {
            literals.Add(pattern[at..hole.Index]);
            regex.Append(Regex.Escape(pattern[at..hole.Index]));
            holes.Add(hole.Groups["name"].Value);
            bool last = hole.Index + hole.Length == pattern.Length;
            var own = hole.Groups["pattern"];
            regex.Append('(').Append(own.Success ? own.Value : last ? ".+" : ".+?").Append(')');
            at = hole.Index + hole.Length;
        }
        literals.Add(pattern[at..]);
        regex.Append(Regex.Escape(pattern[at..])).Append('$');
        _literals = [.. literals];
        Holes = holes;
        _match = new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    /// <summary>The line as written in PROTOCOL.md, holes included.</summary>
    public string Pattern { get; }

    /// <summary>The names of the holes, in order.</summary>
    public IReadOnlyList<string> Holes { get; }

    /// <summary>The line with its holes filled, in order.</summary>
    public string Render(params ReadOnlySpan<string> values)
    {
        if (values.Length != Holes.Count)
            throw new ArgumentException($"\"{Pattern}\" has {Holes.Count} holes, got {values.Length} values");
        if (values.Length == 0) return _literals[0];
        var line = new StringBuilder(Pattern.Length + 32);
        for (int i = 0; i < values.Length; i++) line.Append(_literals[i]).Append(values[i]);
        return line.Append(_literals[^1]).ToString();
    }

    /// <summary>Whether <paramref name="line"/> has this shape; its holes' values, in order, if so.</summary>
    public bool TryMatch(string line, out string[] values)
    {
        var match = _match.Match(line);
        if (!match.Success) { values = []; return false; }
        values = new string[Holes.Count];
        for (int i = 0; i < values.Length; i++) values[i] = match.Groups[i + 1].Value;
        return true;
    }

    public bool Matches(string line) => _match.IsMatch(line);

    public override string ToString() => Pattern;

    [GeneratedRegex(@"\{(?<name>[a-z]+)(?::(?<pattern>[^}]+))?\}")]
    private static partial Regex Hole();
}
