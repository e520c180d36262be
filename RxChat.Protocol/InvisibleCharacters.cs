using System.Globalization;

namespace RxChat.Protocol;

/// <summary>
/// Unicode format characters — zero-width spaces and joiners, direction overrides, the
/// byte-order mark, soft hyphens. They print as nothing (or reorder what follows), so
/// "alice" and "alice" + U+200B would look like one user in <c>/users</c> and <c>/leader</c>.
/// Names may not contain them; chat text may, because emoji are built with the zero-width joiner.
/// </summary>
public static class InvisibleCharacters
{
    public static bool Any(string text)
    {
        foreach (char c in text)
            if (char.GetUnicodeCategory(c) == UnicodeCategory.Format) return true;
        return false;
    }
}
