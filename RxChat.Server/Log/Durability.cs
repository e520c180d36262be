namespace RxChat.Server.Log;

/// <summary>
/// What an acknowledged run survives in the embedded log (<c>--durability</c>): SQLite's
/// <c>synchronous</c> in WAL mode. Either way a run is committed before anything it causes is
/// sent, and the file is never left damaged; they differ in when the commit reaches the disk
/// itself. (The cluster's log is JetStream's to keep: see docs/operations.md, Durability.)
/// </summary>
public enum Durability
{
    /// <summary>
    /// <c>synchronous=NORMAL</c>, the default: a commit is in the WAL, in the operating system's
    /// cache, when it returns, and reaches the disk at the next checkpoint. It survives the
    /// process being killed (<c>kill -9</c>, a crash); an OS crash or a power loss may roll back
    /// the last commits (a chat line, or an acknowledged <c>/password</c>). No disk flush per
    /// run, so the chat is not capped at the disk's flushes per second.
    /// </summary>
    Normal,

    /// <summary>
    /// <c>synchronous=FULL</c>: every commit is flushed to the disk (<c>fsync</c> of the WAL)
    /// before it returns, so it also survives an OS crash or a power loss, on a disk that honours
    /// flushes. Each run waits for that flush (measured in bench/README.md, Durability).
    /// </summary>
    Full,
}
