using RxChat.Tests.Support;
using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Server.Protocol;
using RxChat.Tests.Testing.Marbles;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// One connection's life as commands (<see cref="ConnectionCommands"/>), drawn as marbles: it
/// opens with Connected, ends with exactly one Disconnected, and the login timeout is the only
/// clock in it.
/// </summary>
public class ConnectionCommandsMarbleTests
{
    private readonly TestScheduler _scheduler = new();
    private readonly Marbles _marbles;

    /// <summary>What the commands are called in these diagrams.</summary>
    private static readonly Dictionary<char, string> Commands = new()
    {
        ['c'] = "Connected",
        ['l'] = "Login alice",
        ['j'] = "Join main",
        ['s'] = "Say hi",
        ['q'] = "Quit",
        ['n'] = "Refused: No username within 5 s: disconnected",
        ['t'] = "Disconnected: no username in time",
        ['p'] = "Disconnected: closed by peer",
        ['r'] = "Disconnected: reset",
    };

    private static readonly Dictionary<char, string> Lines = new()
    {
        ['a'] = "alice",
        ['j'] = "/join main",
        ['h'] = "hi",
        ['q'] = "quit",
        ['b'] = "   ",
    };

    // One frame is one second here, so the farewell can say "5 s" like the real server does.
    private static readonly long Second = TimeSpan.TicksPerSecond;

    public ConnectionCommandsMarbleTests() => _marbles = new Marbles(_scheduler, frameTicks: Second, origin: Second);

    private ITestableObserver<string> Commence(ITestableObservable<string> lines, long loginTimeoutFrames = 5) =>
        _scheduler.Start(
            () => ConnectionCommands
                .Of(new MarbleConnection(1, lines), new TextCodec(TimeZoneInfo.Utc), _marbles.Frames(loginTimeoutFrames), maxLineBytes: 100, _scheduler)
                .Select(c => Name(c.Command)),
            created: 0, subscribed: _marbles.Origin, disposed: _marbles.TickOf(3600));

    private static string Name(Command command) => command switch
    {
        Connected => "Connected",
        Login login => $"Login {login.Username}",
        Join join => $"Join {join.Room}",
        Say say => $"Say {say.Text}",
        Quit => "Quit",
        RefuseLine refused => $"Refused: {Wording.Of(refused.Why)}",
        Disconnected gone => $"Disconnected: {gone.Reason}",
        _ => command.ToString(),
    };

    [Fact]
    public void A_connection_that_never_names_itself_is_told_why_and_dropped_at_the_login_timeout()
    {
        var lines = _marbles.Hot<string>("^-b-------", Lines);   // a blank line does not count as a name

        var commands = Commence(lines);

        _marbles.ExpectMarbles(commands, "c----(nt|)", Commands);
        _marbles.ExpectSubscriptions(lines.Subscriptions, "^----!");
    }

    [Fact]
    public void Naming_itself_in_time_stops_the_login_clock_for_good()
    {
        var lines = _marbles.Hot<string>("^---a-----------j-h-|", Lines);

        var commands = Commence(lines);

        _marbles.ExpectMarbles(commands, "c---l-----------j-s-(p|)", Commands);
    }

    [Fact]
    public void A_name_after_the_deadline_is_too_late()
    {
        var lines = _marbles.Hot<string>("^-----a", Lines);

        _marbles.ExpectMarbles(Commence(lines), "c----(nt|)", Commands);
    }

    [Fact]
    public void A_transport_fault_ends_the_connection_with_one_Disconnected()
    {
        var lines = _marbles.Hot<string>("^-a--#", Lines, new IOException("reset"));

        _marbles.ExpectMarbles(Commence(lines), "c-l--(r|)", Commands);
    }

    [Fact]
    public void Quit_is_a_command_and_the_close_that_follows_is_still_reported()
    {
        // The pipeline forgets the client on Quit; the transport's close still ends the stream.
        var lines = _marbles.Hot<string>("^-a-q-|", Lines);

        _marbles.ExpectMarbles(Commence(lines), "c-l-q-(p|)", Commands);
    }
}
