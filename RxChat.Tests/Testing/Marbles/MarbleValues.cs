namespace RxChat.Tests.Testing.Marbles;

/// <summary>
/// Translates marble symbols to values and back. With a map, a symbol means its entry; without
/// one, a symbol means itself (as a <see cref="string"/> or <see cref="char"/>). Drawing an actual
/// value that no symbol stands for, it picks an unused letter and remembers it for the legend.
/// </summary>
internal sealed class MarbleValues<T>
{
    private readonly IReadOnlyDictionary<char, T>? _map;
    private readonly List<(char Symbol, T Value)> _invented = new();

    public MarbleValues(IReadOnlyDictionary<char, T>? map)
    {
        if (map is null && typeof(T) != typeof(string) && typeof(T) != typeof(char))
        {
            throw new ArgumentException($"Marbles of {typeof(T).Name} need a values map: a symbol can only stand for itself as a string or char.", nameof(map));
        }
        var notSymbols = map?.Keys.Where(k => !char.IsAsciiLetterOrDigit(k)).ToList() ?? new List<char>();
        if (notSymbols.Count > 0)
        {
            throw new ArgumentException($"The values map has the key '{notSymbols[0]}'; only letters and digits are value symbols.", nameof(map));
        }
        _map = map;
    }

    /// <summary>Values drawn with letters this translator chose, for a legend under the drawing.</summary>
    public IReadOnlyList<(char Symbol, T Value)> Invented => _invented;

    public T ValueOf(string marbles, MarbleEvent marble)
    {
        if (_map is null)
        {
            return (T)(object)(typeof(T) == typeof(char) ? marble.Symbol : marble.Symbol.ToString());
        }
        if (!_map.TryGetValue(marble.Symbol, out var value))
        {
            throw new MarbleSyntaxException(marbles, marble.Column, $"'{marble.Symbol}' has no entry in the values map (it has: {string.Join(", ", _map.Keys)})");
        }
        return value;
    }

    public char SymbolOf(T value)
    {
        var comparer = EqualityComparer<T>.Default;
        if (_map is null)
        {
            var text = value?.ToString();
            if (text is { Length: 1 } && char.IsAsciiLetterOrDigit(text[0]))
            {
                return text[0];
            }
        }
        else
        {
            foreach (var (symbol, mapped) in _map)
            {
                if (comparer.Equals(mapped, value))
                {
                    return symbol;
                }
            }
        }
        foreach (var (symbol, invented) in _invented)
        {
            if (comparer.Equals(invented, value))
            {
                return symbol;
            }
        }
        return Invent(value);
    }

    private char Invent(T value)
    {
        var taken = new HashSet<char>(_invented.Select(i => i.Symbol));
        if (_map is not null) taken.UnionWith(_map.Keys);
        // From the end of the alphabet, so invented symbols rarely look like the test's own.
        var free = "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA".FirstOrDefault(c => !taken.Contains(c));
        var symbol = free == default ? '?' : free;
        _invented.Add((symbol, value));
        return symbol;
    }
}
