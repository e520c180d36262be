using System.Reactive.Concurrency;
using Microsoft.Extensions.Logging;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Support;

/// <summary>
/// The one place the tests build a <see cref="ChatPipeline"/>, so that a change to its
/// constructor is a change to this file. Unless a test says otherwise the chat speaks UTC,
/// so the times it prints do not depend on the machine running the tests.
/// </summary>
public static class TestPipeline
{
    /// <summary>
    /// A pipeline that folds each command on the thread that brought it, at once: a test
    /// types a line and reads the result on its next line. <paramref name="clock"/> only
    /// stamps entries and drives timers (login and idle timeouts, flood refills).
    /// </summary>
    public static ChatPipeline FoldingAtOnce(ICommandLog log, IScheduler clock, ChatOptions? options = null, ILogger? logger = null) =>
        Create(log, clock, Scheduler.CurrentThread, options, logger);

    /// <summary>
    /// A pipeline wholly on virtual time: stamped by <paramref name="clock"/> and folded by its
    /// worker (<see cref="ChatTestScheduler.AsWorker"/>), at the tick the commands arrive, as the
    /// fold thread would. Nothing happens until the test runs the clock.
    /// </summary>
    public static ChatPipeline OnVirtualTime(ICommandLog log, ChatTestScheduler clock, ChatOptions? options = null, ILogger? logger = null) =>
        Create(log, clock, clock.AsWorker, options, logger);

    /// <summary>A pipeline stamped by <paramref name="clock"/> and folded on <paramref name="foldOn"/>
    /// (for real threads and the wall clock; the two above name the usual virtual-time cases).</summary>
    /// <remarks>
    /// Passwords are hashed inline, on the thread that read them, unless <paramref name="hashOn"/>
    /// says where: a test types a password and reads the verdict on its next line.
    /// </remarks>
    public static ChatPipeline Create(ICommandLog log, IScheduler clock, IScheduler foldOn, ChatOptions? options = null, ILogger? logger = null,
        IScheduler? hashOn = null, IPasswordHasher? hasher = null) =>
        new(options ?? new ChatOptions { TimeZone = TimeZoneInfo.Utc }, log, clock, foldOn, logger, hashOn: hashOn ?? Scheduler.Immediate, hasher: hasher);
}
