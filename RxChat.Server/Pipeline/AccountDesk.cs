using System.Net;
using System.Reactive.Concurrency;
using RxChat.Server.Core;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// What every connection's edge shares for accounts: a read-only view of the accounts as
/// the fold last published them, the rules (minimum length), and the throttle on wrong
/// passwords per address. Passwords are hashed and checked here, on the connection's own
/// thread, so the fold only ever sees hashes and verdicts.
/// </summary>
/// <param name="accounts">The accounts after the latest folded entry; the fold's state is immutable, so any thread may read it.</param>
/// <param name="passwordsOnlyOverTls">The TLS port, when passwords are refused over unencrypted connections; null: accepted, with a warning.</param>
public sealed class AccountDesk(Func<Accounts> accounts, ChatRules rules, IScheduler clock, int? passwordsOnlyOverTls = null)
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

    public PasswordThrottle Throttle { get; } = new(clock);

    public ChatRules Rules => rules;

    public Account? Find(string user) => accounts().Find(user);

    /// <summary>The key wrong passwords are counted under: the IP address without the port.</summary>
    public static string AddressOf(EndPoint? remote) => remote switch
    {
        IPEndPoint ip => ip.Address.ToString(),
        null => "unknown",
        _ => remote.ToString() ?? "unknown",
    };
}
