using System.Text;
using RxChat.Server.Core;
using RxChat.Server.Pipeline;

namespace RxChat.Server.Watch;

/// <summary>What the <c>/log</c> page draws of a folded entry (pure: the entry, the chat before it and its step in, a marble out).</summary>
public static class LogMarbles
{
    public static LogMarble Of(Folded folded)
    {
        var (entry, before, step) = folded;
        var events = new List<MarbleEvent>(step.Happened.Count);
        foreach (var happened in step.Happened)
        {
            var e = happened.Event;
            events.Add(e switch
            {
                Said said => new MarbleEvent(KindOf(e), LaneOf(said.Who), said.User, said.Room, said.Text),
                JoinedRoom joined => new MarbleEvent(KindOf(e), LaneOf(joined.Who), joined.User, joined.Room),
                LeftRoom left => new MarbleEvent(KindOf(e), LaneOf(left.Who), left.User, left.Room),
                LeaderChanged leader => new MarbleEvent(KindOf(e), LaneOf(leader.Leader), leader.User, leader.Room),
                LoggedIn login => new MarbleEvent(KindOf(e), LaneOf(login.Who), login.User),
                NodeShuttingDown stopping => new MarbleEvent(KindOf(e), LaneOf(ConnectionId.NodeItself(stopping.Node)), null),
                // Every other event (answers, refusals, departures, private ones) is drawn by its kind
                // alone, on the sender's lane: what it carried is for its recipients only.
                _ => new MarbleEvent(KindOf(e), LaneOf(entry.From), UserOf(entry.From, before, step.State)),
            });
        }
        return new LogMarble(entry.Position, entry.Time, entry.From.Node, LaneOf(entry.From), Kebab(entry.Command.GetType().Name), events);
    }

    /// <summary>A connection's lane on the page, as the server's own logs name it.</summary>
    public static string LaneOf(ConnectionId id) => id.ToString();

    private static string? UserOf(ConnectionId id, ChatState before, ChatState after) => before.Find(id)?.Username ?? after.Find(id)?.Username;

    private static string KindOf(ChatEvent e) => Kebab(e.GetType().Name);

    /// <summary><c>LeaderChanged</c> → <c>leader-changed</c>: a type's name as the page's CSS classes read it.</summary>
    internal static string Kebab(string name)
    {
        var kebab = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) kebab.Append('-');
            kebab.Append(char.ToLowerInvariant(name[i]));
        }
        return kebab.ToString();
    }
}
