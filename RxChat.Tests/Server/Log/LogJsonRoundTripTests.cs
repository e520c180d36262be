using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// Everything the log stores comes back from its JSON as it went in: every command, every
/// event (with every answer and refusal inside), a stored entry and a snapshot. The kinds
/// are found through the JSON contract itself, so a new one without a sample fails here.
/// </summary>
public class LogJsonRoundTripTests
{
    public static TheoryData<Type> Families => [typeof(Command), typeof(ChatEvent), typeof(Answer), typeof(Refusal)];

    public static TheoryData<Command> Commands => [.. LogSamples.Commands];

    public static TheoryData<ChatEvent> Events => [.. LogSamples.Events];

    [Theory]
    [MemberData(nameof(Families))]
    public void The_json_contract_names_every_kind_in_the_assembly(Type family)
    {
        // Lines that carry a password in clear are commands only at the edge, and must never be stored;
        // nor is Unreadable, the place a log reader keeps for a message it could not read.
        var concrete = family.Assembly.GetTypes().Where(t => t.IsSubclassOf(family) && !t.IsAbstract
            && !t.IsSubclassOf(typeof(RxChat.Server.Protocol.PasswordCommand)) && t != typeof(Unreadable));

        Assert.Equal(Names(concrete), Names(Listed(family)));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Every_kind_the_json_contract_names_has_a_sample(Type family)
    {
        IEnumerable<object> samples = family == typeof(Command) ? LogSamples.Commands
            : family == typeof(ChatEvent) ? LogSamples.Events
            : family == typeof(Answer) ? LogSamples.Answers
            : LogSamples.Refusals;

        Assert.Equal(Names(Listed(family)), Names(samples.Select(s => s.GetType())));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_command_comes_back_equal(Command command)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(command, LogJson.Default.Command);

        Assert.Equal(command, JsonSerializer.Deserialize(json, LogJson.Default.Command));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_stored_entry_comes_back_equal(Command command)
    {
        var entry = StoredEntry.Of(LogSamples.Stamp(command, LogSamples.Bob, 3));

        var back = LogJson.DeserializeEntry(LogJson.Serialize(entry));

        Assert.Equal(entry, back);
        Assert.Equal(entry.At(17), back.At(17));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void An_event_comes_back_equal(ChatEvent e)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(e, LogJson.Default.ChatEvent);

        Assert.Equal(e, JsonSerializer.Deserialize(json, LogJson.Default.ChatEvent));
    }

    [Fact]
    public void A_snapshot_comes_back_equal()
    {
        var snapshot = ChatSnapshot.Of(LogSamples.Conversation());

        var back = LogJson.DeserializeSnapshot(LogJson.Serialize(snapshot));

        Assert.Equal(snapshot.Format, back.Format);
        Assert.Equal(snapshot.Position, back.Position);
        Assert.Equal(snapshot.Clients, back.Clients);
        Assert.Equal(snapshot.Histories.Select(h => h.Room), back.Histories.Select(h => h.Room));
        Assert.All(snapshot.Histories.Zip(back.Histories), pair => Assert.Equal(pair.First.Lines, pair.Second.Lines));
        Assert.Equal(LogJson.Serialize(snapshot), LogJson.Serialize(back));
    }

    [Fact]
    public void The_sample_snapshot_holds_what_it_is_meant_to_check()
    {
        var snapshot = ChatSnapshot.Of(LogSamples.Conversation());

        Assert.Contains(snapshot.Clients, c => c.Username is null);
        Assert.Contains(snapshot.Clients, c => c.Room is not null);
        Assert.Equal(["lobby", "games", "quiet"], snapshot.Histories.Select(h => h.Room));
        // Set by alice with the 17th entry, stamped 7 s after noon: who and when are kept (format 4).
        Assert.Equal([new RoomTopic("lobby", "cards: bring your own", "alice", new Stamp(17, LogSamples.Noon.AddSeconds(7)))], snapshot.Topics);
        Assert.Equal(["games", "lobby"], snapshot.Bans!.Select(b => b.Room));
        Assert.All(snapshot.Bans!, ban => Assert.Equal("carol", ban.User));
        Assert.DoesNotContain(snapshot.Clients, c => c.Room is "games" or "quiet");
    }

    [Fact]
    public void A_stored_snapshot_gives_back_the_state_it_was_taken_of()
    {
        var state = LogSamples.Conversation();

        var back = LogJson.DeserializeSnapshot(LogJson.Serialize(ChatSnapshot.Of(state))).ToState(state.Rules);

        Assert.Equal(state.Position, back.Position);
        Assert.Equal(state.Clients.OrderBy(c => c.Value.Since), back.Clients.OrderBy(c => c.Value.Since));
        Assert.Equal(state.Usernames.OrderBy(u => u.Value.Number), back.Usernames.OrderBy(u => u.Value.Number));
        Assert.Equal(state.Rooms.Keys.Order(), back.Rooms.Keys.Order());
        Assert.All(state.Rooms, room => Assert.Equal(room.Value.Members.AsEnumerable(), back.Rooms[room.Key].Members));
        Assert.All(state.Rooms, room => Assert.Equal(room.Value.Topic, back.Rooms[room.Key].Topic));
        Assert.Equal(state.Bans.All, back.Bans.All);
        Assert.Equal(state.History.Rooms.Keys.Order(), back.History.Rooms.Keys.Order());
        Assert.All(state.History.Rooms, room =>
        {
            var restored = back.History.Rooms[room.Key];
            Assert.Equal(room.Value.Lines, restored.Lines);
            Assert.Equal((room.Value.Count, room.Value.LastPosition), (restored.Count, restored.LastPosition));
        });
    }

    [Fact]
    public void A_snapshot_from_before_topics_and_removals_still_loads_with_none()
    {
        // Format 2 as an RxChat before topics wrote it: no "topics", no "bans", and chat lines without "action".
        var stored = """
            {"format":2,"position":9,"clients":[{"id":{"node":"n1","number":1},"since":1,"username":"alice","room":"lobby"}],
             "histories":[{"room":"lobby","lines":[{"at":{"seq":8,"time":"2025-03-14T12:00:00+00:00"},"who":{"node":"n1","number":1},"user":"alice","room":"lobby","text":"hi"}]}],
             "accounts":[]}
            """u8;

        var state = LogJson.DeserializeSnapshot(stored).ToState(ChatRules.Default);

        Assert.Null(state.Rooms["lobby"].Topic);
        Assert.Empty(state.Bans.All);
        Assert.False(Assert.Single(state.History.Latest("lobby", 5)).Action);
        Assert.Equal(ChatSnapshot.CurrentFormat, ChatSnapshot.Of(state).Format);
    }

    [Fact]
    public void A_snapshot_from_before_topic_setters_still_loads_its_topics_with_the_setter_unknown()
    {
        // Format 3 as an RxChat before topic setters wrote it: a topic's room and text, nothing more.
        var stored = """
            {"format":3,"position":9,"clients":[{"id":{"node":"n1","number":1},"since":1,"username":"alice","room":"lobby"}],
             "histories":[],"accounts":[],"topics":[{"room":"lobby","topic":"be nice"}],"bans":[]}
            """u8;

        var state = LogJson.DeserializeSnapshot(stored).ToState(ChatRules.Default);

        Assert.Equal(new Topic("be nice", SetBy: null, At: null), state.Rooms["lobby"].Topic);
        var again = ChatSnapshot.Of(state);
        Assert.Equal(4, again.Format);
        Assert.Equal([new RoomTopic("lobby", "be nice")], again.Topics);
        Assert.Equal(state.Rooms["lobby"].Topic, LogJson.DeserializeSnapshot(LogJson.Serialize(again)).ToState(ChatRules.Default).Rooms["lobby"].Topic);
    }

    private static IEnumerable<Type> Listed(Type family) =>
        family.GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType);

    private static IEnumerable<string> Names(IEnumerable<Type> types) => types.Select(t => t.Name).Distinct().Order();
}
