namespace RxChat.Server.Core;

// Accounts as commands. The edge (ConnectionCommands) hashes and verifies passwords before
// a command enters the log, so the log holds hashes and verdicts, never a password, and
// Decide stays pure and fast (a slow hash costs tens of milliseconds).

/// <summary>
/// The first line named a username that has an account (as of version
/// <paramref name="Account"/>): the connection is asked for its password, which the edge
/// reads as the next line and never logs. <paramref name="InClear"/>: the connection is not
/// encrypted and has not been warned yet.
/// </summary>
public sealed record AskPassword(string Username, long Account, bool InClear) : Command;

/// <summary>The password typed after <see cref="AskPassword"/> was wrong: the login is refused.</summary>
public sealed record WrongPassword(string Username) : Command;

/// <summary>
/// <c>/register {password}</c>, hashed: claims the sender's username. <paramref name="Hash"/> is
/// null when the edge found it would be refused (<see cref="Chat.WhyNotRegister"/>) and spent
/// no hash on it: the chat then says why, or, if it no longer refuses, asks to try again.
/// </summary>
public sealed record Register(string? Hash, bool InClear) : Command;

/// <summary><c>/password {old} {new}</c>: the old password was right for version <paramref name="Account"/>; the new one, hashed.</summary>
public sealed record ChangePassword(string Hash, long Account) : Command;

/// <summary>The server command <c>accounts add</c>: an account made by the operator.</summary>
public sealed record AddAccount(string Username, string Hash) : Command;

/// <summary>The server command <c>accounts remove</c>: the name is free to anyone again.</summary>
public sealed record RemoveAccount(string Username) : Command;
