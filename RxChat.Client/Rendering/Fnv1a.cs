using System.Text;

namespace RxChat.Client.Rendering;

/// <summary>
/// The 32-bit FNV-1a hash of a string's UTF-8 bytes. Used instead of
/// <see cref="string.GetHashCode()"/>, which .NET randomises per process: a user's colour
/// must be the same in every run and on every machine.
/// </summary>
internal static class Fnv1a
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash(string text)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }
}
