using RxChat.Client.Rendering;
using Spectre.Console;

namespace RxChat.Tests.Client.Rendering;

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

    [Fact]
    public void Any_two_palette_colours_are_clearly_distinct_hues()
    {
        var colours = UserPalette.Colours;
        for (var i = 0; i < colours.Count; i++)
        for (var j = i + 1; j < colours.Count; j++)
        {
            var (a, b) = (Lab.Of(colours[i]), Lab.Of(colours[j]));
            Assert.True(Lab.Difference(a, b) >= 30, $"{colours[i]} and {colours[j]} look alike (ΔE {Lab.Difference(a, b):0.0})");
            Assert.True(Lab.HueAngle(a, b) >= 20, $"{colours[i]} and {colours[j]} have nearly the same hue ({Lab.HueAngle(a, b):0}°)");
        }
    }

    [Theory]
    [InlineData(LineRenderer.JoinStyle)]
    [InlineData(LineRenderer.LeaveStyle)]
    [InlineData(LineRenderer.ErrorStyle)]
    public void No_user_has_the_colour_of_joins_leaves_or_errors(string style)
    {
        var meaning = Lab.Of(style);
        foreach (var colour in UserPalette.Colours)
        {
            var user = Lab.Of(colour);
            Assert.True(Lab.Difference(user, meaning) >= 25, $"{colour} is close to {style} (ΔE {Lab.Difference(user, meaning):0.0})");
            if (meaning.Chroma >= 20)
                Assert.True(Lab.HueAngle(user, meaning) >= 20, $"{colour} has nearly the hue of {style}");
        }
    }

    [Theory]
    [InlineData(0, 0, 0)]         // a dark theme
    [InlineData(255, 255, 255)]   // a light theme
    public void Every_name_colour_and_meaning_reads_on_dark_and_light_backgrounds(byte r, byte g, byte b)
    {
        var background = new Color(r, g, b);
        foreach (var style in UserPalette.Colours.Concat([LineRenderer.JoinStyle, LineRenderer.LeaveStyle, LineRenderer.ErrorStyle]))
        {
            var contrast = Lab.Contrast(Style.Parse(style.Split(' ')[^1]).Foreground, background);
            Assert.True(contrast >= 3, $"{style} has a contrast of {contrast:0.0}:1 on {background.ToHex()}");
        }
    }

    /// <summary>CIELAB (D65) from sRGB: distances in it follow what the eye sees, unlike distances in RGB.</summary>
    private readonly record struct Lab(double L, double A, double B)
    {
        public double Chroma => Math.Sqrt(A * A + B * B);

        public static Lab Of(string style)
        {
            var c = Style.Parse(style.Split(' ')[^1]).Foreground;
            var (r, g, b) = (Linear(c.R), Linear(c.G), Linear(c.B));
            var x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
            var y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            var z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
            return new(116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
        }

        /// <summary>CIE76 ΔE: about 2.3 is just noticeable; 30 is a different colour.</summary>
        public static double Difference(Lab p, Lab q) =>
            Math.Sqrt(Math.Pow(p.L - q.L, 2) + Math.Pow(p.A - q.A, 2) + Math.Pow(p.B - q.B, 2));

        public static double HueAngle(Lab p, Lab q)
        {
            var d = Math.Abs(Math.Atan2(p.B, p.A) - Math.Atan2(q.B, q.A)) * 180 / Math.PI;
            return Math.Min(d, 360 - d);
        }

        /// <summary>WCAG 2 contrast ratio: 1 (none) to 21 (black on white).</summary>
        public static double Contrast(Color p, Color q)
        {
            var (a, b) = (Luminance(p), Luminance(q));
            return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
        }

        private static double Luminance(Color c) => 0.2126 * Linear(c.R) + 0.7152 * Linear(c.G) + 0.0722 * Linear(c.B);

        private static double Linear(byte channel)
        {
            var v = channel / 255.0;
            return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }

        private static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116;
    }
}
