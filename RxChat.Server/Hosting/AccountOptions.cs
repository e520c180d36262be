using RxChat.Server.Core;
using RxChat.Server.Pipeline;

namespace RxChat.Server.Hosting;

/// <summary>Accounts (<c>RxChat:Accounts</c>; PROTOCOL.md Part 3): <c>/register</c>, <c>/password</c>, the password asked at login.</summary>
public sealed record AccountOptions
{
    /// <summary>Only names with an account may log in (make the first one with <c>accounts add</c>).</summary>
    public bool Required { get; set; } = ChatRules.Default.AccountsRequired;

    /// <summary>The shortest password <c>/register</c> and <c>/password</c> accept.</summary>
    public int MinPasswordLength { get; set; } = ChatRules.Default.MinPasswordLength;

    /// <summary>
    /// Whether a password over a connection that is not encrypted (plain TCP, <c>ws://</c>) is
    /// refused, with a line naming the TLS port, instead of accepted with a warning. Needs TLS.
    /// </summary>
    public bool PasswordsOnlyOverTls { get; set; }
    /// <summary>Accounts <c>/register</c> may make at most, server-wide (the operator's <c>accounts add</c> is not bound by it); 0: no cap.</summary>
    public int MaxAccounts { get; set; } = ChatRules.Default.MaxAccounts;

    /// <summary>Accounts <c>/register</c> may make per <see cref="RegistrationWindowSeconds"/>, server-wide; 0: no limit.</summary>
    public int MaxRegistrations { get; set; } = ChatRules.Default.MaxRegistrations;

    /// <summary>The window <see cref="MaxRegistrations"/> counts in, in seconds.</summary>
    public double RegistrationWindowSeconds { get; set; } = ChatRules.Default.RegistrationWindow.TotalSeconds;

    /// <summary>Slow hashes (a password checked or made) computed at once, server-wide; 0: half the cores, at least one.</summary>
    public int HashingConcurrency { get; set; } = PasswordWorkLimits.Default.Concurrency;

    /// <summary>Password commands that may wait for a hash; one more is answered "Server busy, try again in a moment".</summary>
    public int HashingQueue { get; set; } = PasswordWorkLimits.Default.MaxWaiting;

    /// <summary>Leading bits of an IPv6 address the wrong-password throttle counts as one address; 128: every address apart.</summary>
    public int ThrottleIPv6Prefix { get; set; } = PasswordThrottle.DefaultIPv6Prefix;
}
