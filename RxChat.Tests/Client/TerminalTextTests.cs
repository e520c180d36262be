using RxChat.Protocol;

namespace RxChat.Tests.Client;

public class TerminalTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("red \u001b[31mtext\u001b[0m", "red text")]                  // CSI colour, removed whole
    [InlineData("\u001b[2J\u001b[Hcleared", "cleared")]                     // clear screen, cursor home
    [InlineData("\u001b]0;new title\u0007after", "after")]                  // OSC title ended by BEL
    [InlineData("\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\", "link")] // OSC hyperlink ended by ST
    [InlineData("bell\u0007 and \u0008backspace", "bell and backspace")]
    [InlineData("a\tb", "a b")]
    [InlineData("8-bit CSI \u009b31mred", "8-bit CSI red")]                 // the C1 introducer goes with its sequence
    [InlineData("evil\u202etxt.exe", "eviltxt.exe")]                        // right-to-left override
    [InlineData("trailing escape \u001b", "trailing escape ")]
    [InlineData("héllo 👋 [red]", "héllo 👋 [red]")]                          // text and markup-like text stay
    public void Clean_keeps_only_printable_text(string raw, string expected) =>
        Assert.Equal(expected, TerminalText.Clean(raw));
}
