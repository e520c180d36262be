using System.Reactive.Linq;

namespace RxChat.Client.Input;

/// <summary>
/// The lines of a non-interactive input (a pipe, a file, or a terminal whose output is
/// redirected), as an observable that completes at end of input.
/// </summary>
internal static class PipedLines
{
    public static IObservable<string> From(TextReader input) =>
        Observable.Create<string>(observer => Background.Run("stdin", stopped =>
        {
            // Ends at end of input (ReadLine gives null) or when unsubscribed.
            while (!stopped())
            {
                string? line;
                try { line = input.ReadLine(); }
                catch (IOException e) { observer.OnError(e); return; }
                if (line is null) { observer.OnCompleted(); return; }
                observer.OnNext(line);
            }
        }));
}
