using RxChat.Client.Input;

namespace RxChat.Tests.Client.Input;

public class NameCompletionTests
{
    private static readonly string[] Names = ["alice", "albert", "bob", "Carol"];

    private static EditBuffer At(string marked) => new(marked.Replace("|", ""), marked.IndexOf('|'));

    [Theory]
    [InlineData("b|", "bob: |")]               // at the start of the line: addressing someone
    [InlineData("hi b|", "hi bob |")]
    [InlineData("hi car|", "hi Carol |")]      // typed in any case
    [InlineData("al|", "al|")]                 // alice and albert agree only on "al"
    [InlineData("ali|", "alice: |")]
    [InlineData("hi b| there", "hi bob | there")]
    [InlineData("zed|", "zed|")]
    [InlineData("hi |", "hi |")]
    [InlineData("/msg b|", "/msg bob |")]      // after /msg: the name, then the text
    [InlineData("/msg ali|", "/msg alice |")]
    [InlineData("/kick car|", "/kick Carol |")]
    public void Tab_completes_as_far_as_the_names_agree(string before, string after) =>
        Assert.Equal(At(after), NameCompletion.Complete(At(before), Names));
}
