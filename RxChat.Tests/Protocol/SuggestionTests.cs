using RxChat.Protocol;

namespace RxChat.Tests.Protocol;

public class SuggestionTests
{
    private static readonly string[] Options = ["--reconnect", "--no-color", "--tls", "--ca", "--insecure", "--password-file", "--help", "-h", "--version"];

    [Theory]
    [InlineData("--reconect", "--reconnect")]   // a letter missing
    [InlineData("--reconnnect", "--reconnect")] // one too many
    [InlineData("--insceure", "--insecure")]    // two swapped
    [InlineData("--verison", "--version")]
    [InlineData("--password", "--password-file")] // cut short
    [InlineData("--colour", null)]                // too far to guess
    [InlineData("-x", null)]                      // too short to guess
    public void A_close_option_is_suggested_and_only_a_close_one(string typed, string? meant) =>
        Assert.Equal(meant, Suggestion.Closest(typed, Options));
}
