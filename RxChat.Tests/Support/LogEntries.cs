using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Tests.Support;

public static class LogEntries
{
    /// <summary>A log's entries one at a time, for tests that look at entries rather than at the batches the fold takes.</summary>
    public static IObservable<LogEntry> EntriesOneByOne(this ICommandLog log, long after) =>
        log.Entries(after).SelectMany(batch => batch);
}
