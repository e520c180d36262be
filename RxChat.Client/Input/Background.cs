using System.Reactive.Disposables;

namespace RxChat.Client.Input;

/// <summary>
/// Runs a blocking input loop (<see cref="Console.ReadKey(bool)"/>, <see cref="TextReader.ReadLine"/>)
/// on its own background thread. Those calls cannot be cancelled, so the thread is a
/// background one: it never keeps the process alive once the client has decided to exit.
/// </summary>
internal static class Background
{
    /// <returns>A disposable that asks the loop to stop at its next check.</returns>
    public static IDisposable Run(string name, Action<Func<bool>> loop)
    {
        var stop = new BooleanDisposable();
        new Thread(() => loop(() => stop.IsDisposed)) { IsBackground = true, Name = name }.Start();
        return stop;
    }
}
