using RxChat.Server.Core;

namespace RxChat.Server.Export;

/// <summary>
/// What the exported scenario is played with: the rules the marble runner folds with (its
/// defaults, with the server's own login timeout, idle timeout and kick time written into the
/// scenario when they differ), and where the entries came from, for the file's header.
/// </summary>
public sealed record ExportSettings(string Source, long From, long To)
{
    /// <summary>The runner's rules (<see cref="ChatRules.Default"/>) with the server's kick time, heartbeat and node timeout.</summary>
    public ChatRules Rules { get; init; } = ChatRules.Default;

    /// <summary>The server's login timeout; written as <c>login-timeout</c> when it is not the runner's.</summary>
    public TimeSpan? LoginTimeout { get; init; }

    /// <summary>The server's idle timeout (zero: none); written as <c>idle-timeout</c> when one is set.</summary>
    public TimeSpan IdleTimeout { get; init; }
}
