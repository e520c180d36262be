using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Tests.Testing;
using RxChat.Tests.Testing.Marbles;

namespace RxChat.Tests.Scenarios.Pieces;

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

    public ConnectionCommandsMarbleTests() => _marbles = new Marbles(_scheduler);

    private ITestableObserver<string> Commence(ITestableObservable<string> lines, long loginTimeoutFrames = 5) =>
        _scheduler.Start(() => ConnectionCommands
            .Of(new MarbleConnection(1, lines), _marbles.Frames(loginTimeoutFrames), maxLineBytes: 100, _scheduler)
            .Select(c => Name(c.Command)));

    private static string Name(Command command) => command switch
    {
        Connected => "Connected",
        Login login => $"Login {login.Username}",
        Join join => $"Join {join.Room}",
        Say say => $"Say {say.Text}",
        Quit => "Quit",
        Disconnected gone => $"Disconnected: {gone.Reason}",
        _ => command.ToString(),
    };

    [Fact]
    public void A_connection_that_never_names_itself_is_dropped_at_the_login_timeout()
    {
        var lines = _marbles.Hot<string>("^-b-------", Lines);   // a blank line does not count as a name

        var commands = Commence(lines);

        _marbles.ExpectMarbles(commands, "c----(t|)", Commands);
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

        _marbles.ExpectMarbles(Commence(lines), "c----(t|)", Commands);
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
