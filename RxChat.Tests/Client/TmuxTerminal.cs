using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RxChat.Tests.Client;

/// <summary>
/// A real terminal for the built client: a tmux server of its own (its own socket, no
/// user configuration) with one window running a command. The test types with
/// <c>send-keys</c>, resizes with <c>resize-window</c> and reads the screen, colours
/// included, with <c>capture-pane -e</c>. Every wait is for the screen to show something,
/// with a generous bound, never for a fixed time.
/// </summary>
public sealed partial class TmuxTerminal : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>How often the screen is looked at while waiting: it has no change notification to wait on.</summary>
    private static readonly TimeSpan Glance = TimeSpan.FromMilliseconds(50);

    private readonly string _socket = $"rxchat-test-{Guid.NewGuid():N}";

    private TmuxTerminal() { }

    /// <summary>Starts <paramref name="command"/> in a <paramref name="width"/>×<paramref name="height"/> window.</summary>
    public static TmuxTerminal Start(int width, int height, params string[] command)
    {
        var terminal = new TmuxTerminal();
        terminal.Tmux(["-f", "/dev/null", "new-session", "-d", "-s", "chat", "-x", $"{width}", "-y", $"{height}",
            // No NO_COLOR from the environment that runs the tests: this test is about colour.
            // A terminal type every Debian has (ncurses-base) and that says 256 colours, so
            // the client's palette is not folded into 16 by a guess from a bare TERM.
            "env", "-u", "NO_COLOR", "TERM=screen-256color", .. command]);
        // The window keeps its size, whatever clients attach, until the test resizes it.
        terminal.Tmux("set-option", "-g", "window-size", "manual");
        return terminal;
    }

    /// <summary>Types <paramref name="text"/> literally, as a person would, without pressing Enter.</summary>
    public void Type(string text) => Tmux("send-keys", "-t", "chat", "-l", text);

    /// <summary>Presses a key by tmux's name for it: <c>Enter</c>, <c>C-u</c>, <c>M-b</c>, <c>Up</c>.</summary>
    public void Press(string key) => Tmux("send-keys", "-t", "chat", key);

    public void Resize(int width, int height) => Tmux("resize-window", "-t", "chat", "-x", $"{width}", "-y", $"{height}");

    /// <summary>The screen's rows as plain text, scrollback included, without trailing blank rows.</summary>
    public IReadOnlyList<string> Rows() => Trim(Tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "chat"));

    /// <summary>The screen's rows with their colours, as SGR escape sequences.</summary>
    public IReadOnlyList<string> ColouredRows() => Trim(Tmux("capture-pane", "-p", "-e", "-J", "-S", "-", "-t", "chat"));

    /// <summary>Waits until the screen satisfies <paramref name="shows"/>; fails with the screen if it never does.</summary>
    public async Task<IReadOnlyList<string>> ExpectAsync(Func<IReadOnlyList<string>, bool> shows, string what)
    {
        var bound = Stopwatch.StartNew();
        while (true)
        {
            var rows = Rows();
            if (shows(rows)) return rows;
            if (bound.Elapsed > Patience)
                throw new Xunit.Sdk.XunitException(
                    $"The screen never showed {what} within {Patience.TotalSeconds} s:\n{string.Join("\n", rows)}");
            await Task.Delay(Glance);
        }
    }

    /// <summary>The bottom row with something on it: where the client keeps its input.</summary>
    public static string InputRow(IReadOnlyList<string> rows) => rows.LastOrDefault(r => r.Length > 0) ?? "";

    public void Dispose()
    {
        try { Tmux("kill-server"); } catch (Xunit.Sdk.XunitException) { /* already gone with its last window */ }
    }

    /// <summary>Whether tmux can be run here at all.</summary>
    public static bool IsInstalled()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("tmux", "-V") { RedirectStandardOutput = true, UseShellExecute = false })!;
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    private string Tmux(params string[] args)
    {
        var start = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var tmux = Process.Start(start)!;
        var output = tmux.StandardOutput.ReadToEndAsync();
        var errors = tmux.StandardError.ReadToEndAsync();
        if (!tmux.WaitForExit(Patience))
            throw new Xunit.Sdk.XunitException($"tmux {string.Join(' ', args)} did not finish");
        if (tmux.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"tmux {string.Join(' ', args)} failed: {errors.Result}");
        return output.Result;
    }

    private static List<string> Trim(string screen)
    {
        var rows = screen.Split('\n').Select(r => r.TrimEnd()).ToList();
        while (rows.Count > 0 && Unstyled(rows[^1]).Length == 0) rows.RemoveAt(rows.Count - 1);
        return rows;
    }

    /// <summary>A row without its colours.</summary>
    public static string Unstyled(string row) => Sgr().Replace(row, "");

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Sgr();
}
