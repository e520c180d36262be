using Microsoft.AspNetCore.Identity;

namespace RxChat.Server.Pipeline;

/// <summary>What makes and checks the slow hashes of passwords (a test can count or hold them).</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    bool Verify(string hash, string password);
}

/// <summary>
/// Salted slow hashes of passwords, by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2 with HMAC-SHA512, 100,000 iterations, a random 128-bit salt, all kept in the
/// hash string). Tens of milliseconds each: only ever called through <see cref="PasswordWork"/>
/// (or by the operator's <c>accounts</c> command), never on the fold's thread.
/// </summary>
public sealed class PasswordHashing : IPasswordHasher
{
    public static readonly PasswordHashing Slow = new();

    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Nobody = new(); // the hasher's user argument; the V3 format does not use it

    private PasswordHashing() { }

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public static bool Verify(string hash, string password)
    {
        try { return Hasher.VerifyHashedPassword(Nobody, hash, password) != PasswordVerificationResult.Failed; }
        catch (FormatException) { return false; } // not a hash this hasher made: no password opens it
    }

    string IPasswordHasher.Hash(string password) => Hash(password);

    bool IPasswordHasher.Verify(string hash, string password) => Verify(hash, password);
}
