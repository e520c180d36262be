using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// A line that carries a password in clear, as parsed. It never leaves the connection's edge:
/// <see cref="Pipeline.LoginFlow"/> turns it into hashes and verdicts first. It is not one of
/// the log's known commands, so storing it by mistake fails loudly instead of writing a
/// password down; and it never prints its password.
/// </summary>
public abstract record PasswordCommand : Command;

/// <summary><c>/register {password}</c>.</summary>
public sealed record RegisterPassword(string Password) : PasswordCommand
{
    public override string ToString() => "/register ********";
}

/// <summary><c>/password {old} {new}</c>.</summary>
public sealed record ChangeMyPassword(string Old, string New) : PasswordCommand
{
    public override string ToString() => "/password ******** ********";
}
