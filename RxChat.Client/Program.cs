using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Runtime.InteropServices;
using RxChat.Client.CommandLine;
using RxChat.Client.Input;
using RxChat.Client.Rendering;
using RxChat.Client.Session;
using RxChat.Client.Terminal;
using Spectre.Console;

namespace RxChat.Client;

/// <summary>
/// <c>dotnet run --project RxChat.Client -- &lt;username&gt; [host[:port]] [port] [options]</c> (<c>--help</c> lists them).
/// Decides what kind of terminal this is, then hands over to <see cref="ChatClient"/>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var reading = ClientCommandLine.Read(args);
        if (reading.Error is { } error)
        {
            Console.Error.WriteLine(error);   // one line: the mistake and, when there is one, the likely fix
            return ExitCode.Usage;
        }
        if (reading.Answer is { } answer)     // --help, --version: asked for, so on standard output; no server needed
        {
            answer.Invoke();
            return ExitCode.Left;
        }
        var options = reading.Options!;

        // Interactive only when both ends are a terminal: the editor redraws the input row
        // on standard output, which makes no sense in a file or a pipe.
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var screen = new Screen(
            Console.Out, Formatter(options, Console.IsOutputRedirected),
            Console.Error, Formatter(options, Console.IsErrorRedirected));

        IObservable<string> typed;
        IObservable<Unit> interrupts = Signals();
        var names = new KnownNames();
        using var resizes = new CompositeDisposable();
        if (interactive)
        {
            var editor = new LineEditor(screen, ReadKey, LineEditor.ConsoleWidth, () => names.Current);
            typed = editor.Lines;
            interrupts = interrupts.Merge(editor.Interrupts);
            // Windows has no SIGWINCH; there the next key or message redraws at the new width.
            if (!OperatingSystem.IsWindows())
                resizes.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => screen.Redraw()));
        }
        else
        {
            typed = PipedLines.From(Console.In);
        }

        Func<string, string?> askPassword;
        if (options.PasswordFile is { } file)
        {
            string? fromFile;
            try { fromFile = File.ReadLines(file).FirstOrDefault()?.Trim(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Cannot read the password file: {e.Message}");
                return ExitCode.Usage;
            }
            askPassword = _ => fromFile;
        }
        else askPassword = interactive ? _ => RxChat.Protocol.HiddenInput.ReadLine() : _ => Console.In.ReadLine()?.Trim();

        try
        {
            return await new ChatClient(options, screen, DefaultScheduler.Instance, names, askPassword).RunAsync(typed, interrupts);
        }
        finally
        {
            screen.Detach();
        }
    }

    /// <summary>
    /// The next key. Once the editor reads keys, Ctrl+C arrives as a key, which the editor
    /// turns into a clean leave; until then (before the server's welcome) it stays a signal.
    /// </summary>
    private static ConsoleKeyInfo ReadKey()
    {
        if (!Console.TreatControlCAsInput) Console.TreatControlCAsInput = true;
        return Console.ReadKey(intercept: true);
    }

    /// <summary>
    /// Colour only on a terminal, and never when asked not to: <c>--no-color</c>, or
    /// <c>NO_COLOR</c> set to anything (no-color.org), or a terminal that cannot do ANSI.
    /// </summary>
    private static LineFormatter Formatter(ClientOptions options, bool redirected) =>
        ColourChoice.UseColour(options.NoColor, Environment.GetEnvironmentVariable("NO_COLOR"), redirected,
            AnsiConsole.Profile.Capabilities.Ansi)
            ? LineFormatter.Coloured(AnsiConsole.Profile.Capabilities.ColorSystem)
            : LineFormatter.Plain;

    /// <summary>Ctrl+C (when the terminal sends it as a signal), SIGTERM and SIGHUP: all mean leave.</summary>
    private static IObservable<Unit> Signals() => Observable.Create<Unit>(observer =>
    {
        void Leave(PosixSignalContext context)
        {
            context.Cancel = true;   // the client exits by itself, after telling the server
            observer.OnNext(Unit.Default);
        }
        var registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, Leave))
            .ToArray();
        return () => { foreach (var registration in registrations) registration.Dispose(); };
    });
}
