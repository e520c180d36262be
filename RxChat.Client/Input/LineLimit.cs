using System.Text;

namespace RxChat.Client.Input;

/// <summary>
/// How long a line the client sends may be. RxChat's server refuses a longer line whole
/// (<c>Line too long (max 4096 bytes)</c>), so the client checks before sending: a line
/// is never shown as said when nobody got it, and never cut.
/// </summary>
internal static class LineLimit
{
    /// <summary>RxChat's default limit, in UTF-8 bytes without the newline.</summary>
    public const int MaxBytes = 4096;

    public static int BytesOf(string line) => Encoding.UTF8.GetByteCount(line);

    public static bool Fits(string line) => BytesOf(line) <= MaxBytes;
}
