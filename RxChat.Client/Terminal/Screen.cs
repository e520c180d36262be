using RxChat.Client.Lines;
using RxChat.Client.Rendering;

namespace RxChat.Client.Terminal;

/// <summary>
/// Everything the client prints goes through here, one whole line at a time: the
/// conversation to standard output, the client's own troubles (connection lost,
/// reconnecting) to standard error, so that a script reading the conversation gets only
/// the conversation. One lock orders all of it, including the line editor's redraws.
/// </summary>
internal sealed class Screen
{
    private readonly Lock _lock = new();
    private readonly TextWriter _out;
    private readonly TextWriter _errors;
    private readonly LineFormatter _outFormat;
    private readonly LineFormatter _errorFormat;
    private IInputRow? _input;
    private string? _prompt;   // kept for an input row attached later

    public Screen(TextWriter output, LineFormatter outputFormat, TextWriter errors, LineFormatter errorFormat)
    {
        _out = output;
        _outFormat = outputFormat;
        _errors = errors;
        _errorFormat = errorFormat;
    }

    /// <summary>A line of the conversation, or anything the user asked to see.</summary>
    public void Show(ServerLine line) => Write(_out, _outFormat.Format(line));

    /// <summary>A line about the client's own state that a script should not mistake for chat.</summary>
    public void Warn(ServerLine line) => Write(_errors, _errorFormat.Format(line));

    /// <summary>Changes the prompt of the input row (if there is one) and redraws it.</summary>
    public void Prompt(string prompt) => Edit(() =>
    {
        _prompt = prompt;
        if (_input is null || _input.Prompt == prompt) return;
        _input.Erase(_out);
        _input.Prompt = prompt;
        _input.Draw(_out);
    });

    /// <summary>Puts the user's input row under the conversation (interactive mode only).</summary>
    public void Attach(IInputRow input) => Edit(() =>
    {
        if (_prompt is not null) input.Prompt = _prompt;
        _input = input;
        input.Draw(_out);
    });

    /// <summary>The terminal changed size: the input row (if there is one) is drawn again for the new width.</summary>
    public void Redraw() => Edit(() =>
    {
        _input?.Erase(_out);
        _input?.Draw(_out);
    });

    /// <summary>Removes the input row, leaving the screen ready for the shell's prompt.</summary>
    public void Detach() => Edit(() => { _input?.Erase(_out); _input = null; });

    /// <summary>Runs an edit of the input row under the screen's lock.</summary>
    public void Edit(Action edit)
    {
        lock (_lock)
        {
            edit();
            _out.Flush();
        }
    }

    /// <summary>The terminal the input row is drawn on.</summary>
    public TextWriter Terminal => _out;

    private void Write(TextWriter target, string text)
    {
        lock (_lock)
        {
            _input?.Erase(_out);
            _out.Flush();
            target.Write(text);
            target.Write('\n');
            target.Flush();
            _input?.Draw(_out);
            _out.Flush();
        }
    }
}
