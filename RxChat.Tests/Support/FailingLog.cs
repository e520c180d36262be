using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Tests.Support;

/// <summary>
/// A real log, made to refuse appends on demand — like a full disk, or a node cut off from
/// a shared log — while it still reads: what is appended while <see cref="Failing"/> fails
/// with <see cref="LogWriteException"/>, as the engines fail.
/// </summary>
/// <param name="why">The failure, as the exception says it.</param>
/// <param name="ownsInner">Whether disposing this disposes <paramref name="inner"/> (not when other nodes share it).</param>
public class FailingLog(ICommandLog inner, string why = "database or disk is full", bool ownsInner = true) : ICommandLog
{
    public bool Failing { get; set; }
    public string Where => inner.Where;
    public ChatSnapshot? LatestSnapshot() => inner.LatestSnapshot();
    public IObservable<IReadOnlyList<LogEntry>> Entries(long after) => inner.Entries(after);
    public void SaveSnapshot(ChatState state) => inner.SaveSnapshot(state);

    public void Append(IReadOnlyList<Stamped> run)
    {
        if (Failing) throw new LogWriteException($"could not store {run.Count} commands: {why}");
        inner.Append(run);
    }

    public void Dispose()
    {
        if (ownsInner) inner.Dispose();
        GC.SuppressFinalize(this);
    }
}
