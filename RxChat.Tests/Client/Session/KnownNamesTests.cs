using RxChat.Client.Lines;
using RxChat.Client.Session;

namespace RxChat.Tests.Client.Session;

public class KnownNamesTests
{
    [Fact]
    public void Names_come_from_who_speaks_joins_leads_or_is_listed()
    {
        var names = new KnownNames();
        foreach (var line in new[]
                 {
                     "[12:00:00] bob: hi", "[12:00:01] carol joined the room", "Users: dave, erin",
                     "Members of main: frank (leader), grace", "[12:00:02] heidi is now the leader of main",
                 })
            names.Saw(ServerLineClassifier.Classify(line));
        names.Saw(LocalLines.OwnChat("me", "hello ivan", new TimeOnly(12, 0)));   // the user's own lines name nobody new

        Assert.Equal(["bob", "carol", "dave", "erin", "frank", "grace", "heidi"], names.Current.Order());
    }
}
