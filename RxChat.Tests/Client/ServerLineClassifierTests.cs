using RxChat.Client.Lines;
using static RxChat.Client.Lines.ServerLineClassifier;

namespace RxChat.Tests.Client;

/// <summary>Every line of PROTOCOL.md, and the odd ones, classified.</summary>
public class ServerLineClassifierTests
{
    [Theory]
    [InlineData("Welcome to the chat server!", nameof(LineKind.Welcome))]
    [InlineData("Users: alice, bob", nameof(LineKind.Users))]
    [InlineData("You are in room main", nameof(LineKind.RoomReply))]
    [InlineData("You are not in any room", nameof(LineKind.RoomReply))]
    [InlineData("You joined room main", nameof(LineKind.RoomReply))]
    [InlineData("You are already in room main", nameof(LineKind.RoomReply))]
    [InlineData("Leader of room main: alice", nameof(LineKind.Leader))]
    [InlineData("No leader (join a room first)", nameof(LineKind.RoomReply))]
    [InlineData("Usage: /join <room>", nameof(LineKind.Error))]
    [InlineData("Unknown command", nameof(LineKind.Error))]
    [InlineData("Join a room first using /join <room>", nameof(LineKind.Error))]
    [InlineData("[12:34:56] bob: Hello everyone!", nameof(LineKind.Chat))]
    [InlineData("[12:34:56] bob joined the room", nameof(LineKind.Joined))]
    [InlineData("[12:35:01] alice left the room main", nameof(LineKind.Left))]
    [InlineData("Server is shutting down", nameof(LineKind.ServerShutdown))]
    [InlineData("Username \"bob\" is already in use", nameof(LineKind.Error))]
    [InlineData("Line too long (max 4096 bytes)", nameof(LineKind.Error))]
    [InlineData("Slow down", nameof(LineKind.Error))]
    [InlineData("Server is full", nameof(LineKind.Error))]
    [InlineData("Username must not contain control characters", nameof(LineKind.Error))]
    [InlineData("Room name too long (max 64 characters)", nameof(LineKind.Error))]
    [InlineData("Rooms: main, dev", nameof(LineKind.Reply))]
    [InlineData("", nameof(LineKind.Reply))]
    public void Each_protocol_line_has_its_kind(string received, string kind)
    {
        var line = Classify(received);
        Assert.Equal(kind, line.Kind.ToString());
        Assert.Equal(received, line.Text);
    }

    [Fact]
    public void A_chat_line_names_its_time_speaker_and_message()
    {
        var line = Classify("[12:34:56] bob: Hello everyone!");
        Assert.Equal(("12:34:56", "bob", "Hello everyone!"), (line.Time, line.User, line.Message));
    }

    [Fact]
    public void A_username_may_contain_brackets()
    {
        var line = Classify("[12:34:56] [admin] bob: hi");
        Assert.Equal((LineKind.Chat, "[admin] bob", "hi"), (line.Kind, line.User, line.Message));
    }

    [Fact]
    public void A_message_may_look_like_a_timestamped_line()
    {
        var line = Classify("[12:34:56] bob: [12:00:01] eve: I never said that");
        Assert.Equal((LineKind.Chat, "bob", "[12:00:01] eve: I never said that"), (line.Kind, line.User, line.Message));
    }

    [Fact]
    public void A_message_that_reads_like_a_join_is_still_chat()
    {
        var line = Classify("[12:34:56] bob: mallory joined the room");
        Assert.Equal((LineKind.Chat, "bob", "mallory joined the room"), (line.Kind, line.User, line.Message));
    }

    [Fact]
    public void Markup_in_a_message_is_kept_as_text()
    {
        var line = Classify("[12:34:56] bob: [red]not red[/]");
        Assert.Equal("[red]not red[/]", line.Message);
    }

    [Fact]
    public void Names_and_rooms_may_contain_spaces()
    {
        var joined = Classify("[12:34:56] bob smith joined the room");
        Assert.Equal((LineKind.Joined, "bob smith"), (joined.Kind, joined.User));

        var left = Classify("[12:34:56] bob smith left the room study group");
        Assert.Equal((LineKind.Left, "bob smith", "study group"), (left.Kind, left.User, left.Room));

        var leader = Classify("Leader of room study group: bob smith");
        Assert.Equal(("study group", "bob smith"), (leader.Room, leader.User));
    }

    [Fact]
    public void A_leader_line_splits_at_the_last_colon_so_a_room_may_contain_one()
    {
        var leader = Classify("Leader of room ops: night: alice");
        Assert.Equal(("ops: night", "alice"), (leader.Room, leader.User));
    }

    [Fact]
    public void The_users_reply_lists_names_in_order()
    {
        Assert.Equal(["alice", "bob", "[x]"], Classify("Users: alice, bob, [x]").Users);
    }

    [Theory]
    [InlineData("[red] bob: hi")]          // letters where the stamp's digits go
    [InlineData("[1:34:56] bob: hi")]      // one digit short
    [InlineData("[12:34:56]bob: hi")]      // no space after the stamp
    [InlineData("12:34:56 bob: hi")]
    public void Only_a_real_stamp_makes_a_timestamped_line(string received)
    {
        var line = Classify(received);
        Assert.Equal(LineKind.Reply, line.Kind);
        Assert.Null(line.Time);
    }

    [Fact]
    public void An_unknown_stamped_line_keeps_its_stamp()
    {
        var line = Classify("[12:34:56] alice is now the leader");
        Assert.Equal((LineKind.Reply, "12:34:56"), (line.Kind, line.Time));
    }

    [Fact]
    public void Control_characters_and_escape_sequences_never_reach_the_line()
    {
        var line = Classify("[12:34:56] bob: \u001b[2J\u001b]0;owned\u0007hi\u0007 there\r");
        Assert.Equal("[12:34:56] bob: hi there", line.Text);
        Assert.Equal("hi there", line.Message);
    }

    [Fact]
    public void The_joined_room_is_read_only_from_the_servers_reply()
    {
        Assert.Equal("study group", JoinedRoom(Classify("You joined room study group")));
        Assert.Null(JoinedRoom(Classify("You are in room main")));
        Assert.Null(JoinedRoom(Classify("[12:34:56] bob: You joined room main")));
    }
}
