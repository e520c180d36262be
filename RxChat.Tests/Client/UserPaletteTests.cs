using RxChat.Client.Rendering;
using Spectre.Console;

namespace RxChat.Tests.Client;

public class UserPaletteTests
{
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a_matches_the_published_test_vectors(string text, uint expected) =>
        Assert.Equal(expected, Fnv1a.Hash(text));

    [Fact]
    public void A_name_has_the_same_colour_in_every_run()
    {
        // Pinned values: string.GetHashCode would differ from one process to the next.
        Assert.Equal(UserPalette.Colours[(int)(0xe40c292cu % (uint)UserPalette.Colours.Count)], UserPalette.ColourOf("a"));
        Assert.Equal(UserPalette.ColourOf("alice"), UserPalette.ColourOf(new string("alice".ToCharArray())));
    }

    [Fact]
    public void Different_names_spread_over_the_palette()
    {
        var names = Enumerable.Range(0, 200).Select(i => $"user{i}");
        Assert.Equal(UserPalette.Colours.Count, names.Select(UserPalette.ColourOf).Distinct().Count());
    }

    [Fact]
    public void Every_palette_colour_is_a_colour_spectre_knows()
    {
        foreach (var colour in UserPalette.Colours) Assert.NotEqual(Color.Default, Style.Parse(colour).Foreground);
    }
}
