using Microsoft.AspNetCore.Identity;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Salted slow hashes of passwords, by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2 with HMAC-SHA512, 100,000 iterations, a random 128-bit salt, all kept in the
/// hash string). Tens of milliseconds each: only ever called at a connection's edge, never
/// on the fold's thread.
/// </summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Nobody = new(); // the hasher's user argument; the V3 format does not use it

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public static bool Verify(string hash, string password)
    {
        try { return Hasher.VerifyHashedPassword(Nobody, hash, password) != PasswordVerificationResult.Failed; }
        catch (FormatException) { return false; } // not a hash this hasher made: no password opens it
    }
}
