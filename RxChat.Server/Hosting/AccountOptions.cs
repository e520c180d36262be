using RxChat.Server.Core;

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
}
