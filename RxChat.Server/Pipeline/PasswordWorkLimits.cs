namespace RxChat.Server.Pipeline;

/// <summary>How much password work (slow hashes) the server does at once, and how much may wait.</summary>
/// <param name="Concurrency">Hashes computed at the same time, server-wide; 0: half the cores, at least one.</param>
/// <param name="MaxWaiting">Password commands that may wait for a turn; one more is answered <c>Server busy, try again in a moment</c>.</param>
public sealed record PasswordWorkLimits(int Concurrency = 0, int MaxWaiting = 64)
{
    public static readonly PasswordWorkLimits Default = new();

    /// <summary><see cref="Concurrency"/> with 0 resolved on this machine.</summary>
    public int Slots => Concurrency > 0 ? Concurrency : Math.Max(1, Environment.ProcessorCount / 2);
}
