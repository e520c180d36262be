using RxChat.Client.Lines;
using Spectre.Console;

namespace RxChat.Client.Rendering;

/// <summary>
/// Formats a classified line as the exact characters to print: ANSI-styled text for a
/// colour terminal, or the plain line (no escape sequence at all) when colour is off —
/// <c>NO_COLOR</c>, <c>--no-color</c>, or output that is not a terminal.
/// </summary>
internal sealed class LineFormatter
{
    private readonly IAnsiConsole? _ansi;

    private LineFormatter(IAnsiConsole? ansi) => _ansi = ansi;

    public static LineFormatter Plain { get; } = new(null);

    /// <summary>A formatter that emits ANSI styles for the given colour system.</summary>
    public static LineFormatter Coloured(ColorSystem colours)
    {
        // Spectre renders into a StringWriter; the line is then written by the screen,
        // which must interleave it with the line editor under one lock.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = (ColorSystemSupport)colours,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(TextWriter.Null),
        });
        // Never wrap: the terminal wraps long lines itself, and a hard break inserted here
        // would be wrong the moment the window is resized.
        console.Profile.Width = 1_000_000;
        return new(console);
    }

    public string Format(ServerLine line)
    {
        if (_ansi is null) return line.Text;
        var markup = new Markup(LineRenderer.ToMarkup(line));
        // Socket lines and the user's echoes are formatted on different threads; one
        // Spectre console is not meant to render two things at once.
        lock (_ansi) return _ansi.ToAnsi(markup) + Reset;
    }

    /// <summary>
    /// Spectre leaves the last style of a line switched on; without a reset it would bleed
    /// into the next line, the prompt and what the user types.
    /// </summary>
    public const string Reset = "\u001b[0m";
}
