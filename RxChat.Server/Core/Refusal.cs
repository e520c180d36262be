using System.Text.Json.Serialization;

namespace RxChat.Server.Core;

/// <summary>Why the edge refused a line, as data; the codec words it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$r")]
[JsonDerivedType(typeof(LineTooLong), "too-long")]
[JsonDerivedType(typeof(SlowDown), "slow-down")]
[JsonDerivedType(typeof(Flooding), "flooding")]
[JsonDerivedType(typeof(NoUsernameInTime), "no-username")]
[JsonDerivedType(typeof(IdleTooLong), "idle")]
[JsonDerivedType(typeof(NotUnderstood), "not-understood")]
[JsonDerivedType(typeof(PasswordTooShort), "password-too-short")]
[JsonDerivedType(typeof(WrongOldPassword), "wrong-old-password")]
[JsonDerivedType(typeof(NoAccount), "no-account")]
[JsonDerivedType(typeof(TooManyWrongPasswords), "too-many-wrong-passwords")]
[JsonDerivedType(typeof(NoPasswordInTime), "no-password")]
[JsonDerivedType(typeof(PasswordNeedsTls), "password-needs-tls")]
[JsonDerivedType(typeof(ServerBusy), "server-busy")]
public abstract record Refusal
{
    private protected Refusal(bool endsConnection = false) => EndsConnection = endsConnection;

    /// <summary>
    /// Whether the connection closes after hearing this: decided here, once, for the edge
    /// that ends the lines, the codec that says it (the structured protocol's <c>fatal</c>)
    /// and the meter. It follows from the refusal, so the log does not store it.
    /// </summary>
    [JsonIgnore]
    public bool EndsConnection { get; }
}

/// <summary>The line was longer than <paramref name="MaxBytes"/>; it was dropped.</summary>
public sealed record LineTooLong(int MaxBytes) : Refusal;

/// <summary>Lines came faster than the flood limit; this run of them was dropped.</summary>
public sealed record SlowDown : Refusal
{
    public static readonly SlowDown Instance = new();
}

/// <summary>Too many dropped lines: the sender is cut off.</summary>
public sealed record Flooding() : Refusal(endsConnection: true)
{
    public static readonly Flooding Instance = new();
}

/// <summary>No username within the login timeout: the connection is closed.</summary>
public sealed record NoUsernameInTime(TimeSpan Timeout) : Refusal(endsConnection: true);

/// <summary>Nothing received for the idle timeout (when one is set): the connection is closed.</summary>
public sealed record IdleTooLong(TimeSpan Timeout) : Refusal(endsConnection: true);

/// <summary>A structured frame (PROTOCOL.md Part 4) that is no message the chat knows; it changes nothing.</summary>
public sealed record NotUnderstood(FrameProblem Problem) : Refusal;

/// <summary>A new password shorter than <paramref name="MinLength"/> characters; nothing changed.</summary>
public sealed record PasswordTooShort(int MinLength) : Refusal;

/// <summary><c>/password</c> with a wrong old password; nothing changed.</summary>
public sealed record WrongOldPassword : Refusal
{
    public static readonly WrongOldPassword Instance = new();
}

/// <summary><c>/password</c> from a user without an account.</summary>
public sealed record NoAccount : Refusal
{
    public static readonly NoAccount Instance = new();
}

/// <summary>
/// Too many wrong passwords from the sender's address: none is checked before
/// <paramref name="Wait"/> is over. <paramref name="Disconnects"/> at login, where the connection closes after it.
/// </summary>
public sealed record TooManyWrongPasswords(TimeSpan Wait, bool Disconnects) : Refusal(endsConnection: Disconnects);

/// <summary>
/// A password over a connection that is not encrypted, where the server accepts them only
/// encrypted: none is read or checked. <paramref name="TlsPort"/> is where to connect instead;
/// <paramref name="Disconnects"/> at login, where the connection closes after it.
/// </summary>
public sealed record PasswordNeedsTls(int TlsPort, bool Disconnects) : Refusal(endsConnection: Disconnects);

/// <summary>A name with an account, and no password within the login timeout: the connection is closed.</summary>
public sealed record NoPasswordInTime(TimeSpan Timeout) : Refusal(endsConnection: true);

/// <summary>
/// The server's queue of password work (hashing and checking) is full: nothing was hashed or
/// checked. <paramref name="Disconnects"/> for a password given at login, which cannot wait:
/// the connection closes and the user logs in again in a moment.
/// </summary>
public sealed record ServerBusy(bool Disconnects) : Refusal(endsConnection: Disconnects);

/// <summary>What is wrong with a structured frame.</summary>
public enum FrameProblem
{
    /// <summary>Not one JSON object in a text frame (invalid JSON, an array, a binary frame …).</summary>
    NotAnObject,
    /// <summary>An object whose <c>type</c> is missing or unknown.</summary>
    UnknownType,
    /// <summary>A known type without a field it needs.</summary>
    MissingField,
    /// <summary>Anything but <c>login</c> before logging in.</summary>
    NotLoggedIn,
    /// <summary>A second <c>login</c>.</summary>
    AlreadyLoggedIn,
}
