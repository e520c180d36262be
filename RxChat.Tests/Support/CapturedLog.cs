using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RxChat.Tests.Support;

/// <summary>An <see cref="ILoggerFactory"/> that keeps every message, to count what the server logged.</summary>
public sealed class CapturedLog : ILoggerFactory, ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public int Count(string containing) => _entries.Count(e => e.Message.Contains(containing, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => this;
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _entries.Enqueue((logLevel, formatter(state, exception)));
        lock (_waiters)
            foreach (var waiter in _waiters.Where(w => Count(w.Containing) > 0).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Logged.TrySetResult();
            }
    }

    private readonly List<(string Containing, TaskCompletionSource Logged)> _waiters = [];

    /// <summary>Waits (within <paramref name="patience"/>) until a message containing <paramref name="containing"/> has been logged.</summary>
    public async Task WaitForAsync(string containing, TimeSpan patience)
    {
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (Count(containing) > 0) return;
            _waiters.Add((containing, logged));
        }
        try { await logged.Task.WaitAsync(patience); }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Nothing containing \"{containing}\" was logged within {patience.TotalSeconds} s");
        }
    }
}
