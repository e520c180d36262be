using System.Reactive.Concurrency;
using RxChat.Server.Core;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// What every connection's edge shares for accounts: a read-only view of the accounts as
/// the fold last published them, the rules, the throttle on wrong passwords per address, and
/// the one queue of password work. Passwords are hashed and checked here, through
/// <see cref="Work"/>, off the fold's thread, so the fold only ever sees hashes and verdicts.
/// </summary>
/// <param name="accounts">The accounts after the latest folded entry; the fold's state is immutable, so any thread may read it.</param>
/// <param name="passwordsOnlyOverTls">The TLS port, when passwords are refused over unencrypted connections; null: accepted, with a warning.</param>
public sealed class AccountDesk(Func<Accounts> accounts, ChatRules rules, IScheduler clock, PasswordWork work, int ipv6Prefix = PasswordThrottle.DefaultIPv6Prefix,
    int? passwordsOnlyOverTls = null)
{
    /// <summary>The TLS port a password must come through, when one that is not encrypted is refused; null when any may.</summary>
    public int? PasswordsOnlyOverTls => passwordsOnlyOverTls;

    /// <summary>
    /// A slow hash costs tens to hundreds of milliseconds of CPU, so one connection's
    /// <c>/register</c> and <c>/password</c> commands are rationed: a burst of this many, then one a
    /// second; one over is answered <c>Slow down</c> and hashes nothing. Pasting them costs
    /// the server little, typing them is never slowed.
    /// </summary>
    public const int PasswordCommandBurst = 5;

    /// <summary>A connection's own ration of password commands (it needs no timer, so nothing to dispose).</summary>
    public SchedulerTokenBucket NewPasswordRation() => new(PasswordCommandBurst, tokensPerSecond: 1, clock);

    public PasswordThrottle Throttle { get; } = new(clock, ipv6Prefix);

    /// <summary>Where every hash and check waits its turn.</summary>
    public PasswordWork Work => work;

    public ChatRules Rules => rules;

    public Account? Find(string user) => accounts().Find(user);

    /// <summary>Why <paramref name="user"/>'s <c>/register</c> would be refused now, before any hash is spent on it.</summary>
    public Answer? WhyNotRegister(string user) => Chat.WhyNotRegister(accounts(), rules, user, clock.Now.ToUniversalTime());
}
