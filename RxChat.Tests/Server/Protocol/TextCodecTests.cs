using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Protocol;

/// <summary>The text codec: events in UTC, lines in the display zone; extras that can be turned off.</summary>
public sealed class TextCodecTests
{
    private static readonly Stamp Noon = new(7, new DateTimeOffset(2026, 11, 26, 12, 0, 5, TimeSpan.Zero));
    private static readonly ConnectionId Bob = new("local", 2);

    [Fact]
    public void Times_are_shown_in_the_display_zone_while_events_keep_utc()
    {
        var said = new Said(Noon, Bob, "bob", "main", "hi");
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        Assert.Equal(["[21:00:05] bob: hi"], new TextCodec(tokyo).Render(said, Audience.Others));
        Assert.Equal(["[12:00:05] bob: hi"], new TextCodec(TimeZoneInfo.Utc).Render(said, Audience.Others));
    }

    [Fact]
    public void A_join_reads_differently_for_the_joiner_and_for_the_room()
    {
        var joined = new JoinedRoom(Noon, Bob, "bob", "main");
        var codec = new TextCodec(TimeZoneInfo.Utc);
        Assert.Equal(["You joined room main"], codec.Render(joined, Audience.Subject));
        Assert.Equal(["[12:00:05] bob joined the room"], codec.Render(joined, Audience.Others));
    }

    [Fact]
    public void Leader_announcements_can_be_turned_off()
    {
        var changed = new LeaderChanged(Noon, "main", Bob, "bob");
        Assert.Equal(["[12:00:05] bob is now the leader of main"], new TextCodec(TimeZoneInfo.Utc).Render(changed, Audience.Others));
        Assert.Empty(new TextCodec(TimeZoneInfo.Utc, announceLeaders: false).Render(changed, Audience.Others));
    }

    [Fact]
    public void Refusals_are_worded_with_their_limits()
    {
        var codec = new TextCodec(TimeZoneInfo.Utc);
        Assert.Equal(["Line too long (max 512 bytes)"], codec.Render(new LineRefused(Noon, Bob, new LineTooLong(512)), Audience.Subject));
        Assert.Equal(["No username within 2.5 s: disconnected"],
            codec.Render(new LineRefused(Noon, Bob, new NoUsernameInTime(TimeSpan.FromSeconds(2.5))), Audience.Subject));
        Assert.Equal(["Nothing received for 300 s: disconnected"],
            codec.Render(new LineRefused(Noon, Bob, new IdleTooLong(TimeSpan.FromMinutes(5))), Audience.Subject));
        Assert.Equal(["Username too long (max 8 characters)"],
            codec.Render(new LoginRefused(Noon, Bob, "bobbobbobbob", NameProblem.TooLong, 8), Audience.Subject));
    }

    [Fact]
    public void A_client_that_is_gone_is_told_nothing()
    {
        Assert.Empty(new TextCodec(TimeZoneInfo.Utc).Render(new ClientGone(Noon, Bob, "quit"), Audience.Subject));
    }

    [Fact]
    public void A_line_is_the_username_until_logged_in_and_a_password_line_is_read_whole()
    {
        var codec = new TextCodec(TimeZoneInfo.Utc);
        Assert.Equal(new Inbound(new Login("/users")), codec.Read(" /users ", awaitingLogin: true));
        Assert.Equal(new Inbound(ListUsers.Instance), codec.Read(" /users ", awaitingLogin: false));
        Assert.Equal("quit", codec.ReadPassword(" quit \r"));
    }
}
