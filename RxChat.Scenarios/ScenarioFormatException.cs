namespace RxChat.Scenarios;

/// <summary>
/// A scenario file that cannot be read. The message starts with <c>file:line:column</c>, the
/// form editors and terminals turn into a link, then says what was expected there.
/// </summary>
public sealed class ScenarioFormatException(string file, int line, int column, string problem)
    : FormatException($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;
}
