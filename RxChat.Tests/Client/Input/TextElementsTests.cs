using System.Globalization;
using RxChat.Client.Input;

namespace RxChat.Tests.Client.Input;

public class TextElementsTests
{
    [Theory]
    [InlineData("plain ascii, and Ünïcödé Latin")]
    [InlineData("e\u0301 a\u0308\u0301 combining marks after plain letters")]
    [InlineData("soft\u00adhyphen and no\u00a0break")]
    [InlineData("👍🏽 skin tone, 👨‍👩‍👧 family, 🇫🇷 flag, ❤️ heart")]
    [InlineData("日本語 한국어 ญี่ปุ่น हिन्दी")]
    [InlineData("a\u200db zero-width joiner between letters")]
    public void Stepping_by_character_agrees_with_unicode_segmentation(string text)
    {
        var steps = new List<int>();
        for (var i = 0; i < text.Length; i = TextElements.Next(text, i)) steps.Add(i);
        Assert.Equal(StringInfo.ParseCombiningCharacters(text), steps);
    }
}
