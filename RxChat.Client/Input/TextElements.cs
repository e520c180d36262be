using System.Globalization;

namespace RxChat.Client.Input;

/// <summary>
/// Steps through typed text by what a person sees as one character (a text element): an
/// emoji is two UTF-16 units and an accent may be a unit of its own, and the cursor must
/// never stop, nor a backspace cut, in the middle of one.
/// </summary>
internal static class TextElements
{
    public static int Next(string text, int index) =>
        index >= text.Length ? text.Length : index + StringInfo.GetNextTextElementLength(text, index);

    public static int Previous(string text, int index)
    {
        // Text elements can only be found going forwards; a typed line is short (bounded).
        var previous = 0;
        for (var i = 0; i < index; i = Next(text, i)) previous = i;
        return previous;
    }
}
