using System.Globalization;

namespace RxChat.Load;

/// <summary>
/// The result of one run: printed for a person, one `name: value` a line, then once more as
/// a single `RESULT label=… name=value …` line that bench/compare.sh collects.
/// </summary>
public sealed class Report(string label)
{
    private readonly List<(string Name, string Value, string Note)> _items = [];

    public Report Add(string name, double value, string note = "") =>
        Add(name, value.ToString(value == Math.Floor(value) && Math.Abs(value) < 1e15 ? "0" : "0.###", CultureInfo.InvariantCulture), note);

    public Report Add(string name, string value, string note = "")
    {
        _items.Add((name, value, note));
        return this;
    }

    public void Print(TextWriter w)
    {
        var width = _items.Count == 0 ? 0 : _items.Max(i => i.Name.Length);
        foreach (var (name, value, note) in _items)
            w.WriteLine($"  {name.PadRight(width)}  {value}{(note.Length > 0 ? "   (" + note + ")" : "")}");
        w.WriteLine("RESULT label=" + label + string.Concat(_items.Select(i => $" {i.Name}={i.Value}")));
    }
}
