using System.Net.Sockets;
using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxChat.Client.Input;
using RxChat.Client.Lines;
using RxChat.Client.Terminal;
using RxChat.Client.Transport;
using RxChat.Protocol;

namespace RxChat.Client.Session;

/// <summary>
/// One run of the client: connects, logs in, then joins two streams — the server's lines
/// (classified and shown) and the user's lines (sent, or handled here) — until the user
/// leaves or the connection is lost for good.
/// </summary>
internal sealed class ChatClient
{
    /// <summary>
    /// How long to wait, after saying <c>quit</c>, for the server to close its side. RxChat
    /// closes within milliseconds (and the client leaves the moment it does); a server that
    /// never closes must not keep a person who asked to leave waiting: with the process's own
    /// exit, leaving takes well under a second.
    /// </summary>
    public static readonly TimeSpan DrainBound = TimeSpan.FromMilliseconds(400);

    private readonly ClientOptions _options;
    private readonly Screen _screen;
    private readonly IScheduler _scheduler;
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _welcomed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _state = new();
    private RoomMemory _room = RoomMemory.Nowhere;
    private SeenChat _seen = SeenChat.Nothing;
    private string? _lastWriter; // who last wrote to the user directly: whom /r answers
    private ServerConnection? _current;
    private bool _leaving;
    private readonly KnownNames _names;
    private int _welcomes;
    private readonly Func<string, string?> _askPassword;
    private string? _password; // once given, kept for logging in again after a reconnect

    /// <param name="askPassword">The password for the prompt it is given, or null if there is none (no echo, a file, piped input).</param>
    public ChatClient(ClientOptions options, Screen screen, IScheduler scheduler, KnownNames? names = null, Func<string, string?>? askPassword = null)
    {
        _askPassword = askPassword ?? (_ => null);
        _names = names ?? new KnownNames();
        _options = options;
        _screen = screen;
        _scheduler = scheduler;
    }

    /// <summary>host:port as the user would type it back: an IPv6 address in brackets.</summary>
    private string Address => _options.Host.Contains(':') ? $"[{_options.Host}]:{_options.Port}" : $"{_options.Host}:{_options.Port}";

    /// <returns>The process exit code (<see cref="ExitCode"/>).</returns>
    public async Task<int> RunAsync(IObservable<string> typed, IObservable<Unit> interrupts)
    {
        if (_options.Tls is { Insecure: true }) _screen.Warn(LocalLines.Notice(ClientTls.InsecureWarning));
        ServerConnection? first = null;
        // With --reconnect the first connect is one more attempt of the retry loop (same
        // backoff, same words, Ctrl+C ends it); without, a server that is not there is one line.
        if (!_options.Reconnect)
        {
            try
            {
                first = await ServerConnection.ConnectAsync(_options.Host, _options.Port, CancellationToken.None, _options.Tls);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                _screen.Warn(LocalLines.Notice($"Could not connect to {Address}: {e.Message}"));
                return ExitCode.CouldNotConnect;
            }
            catch (ServerNotTrustedException e)
            {
                _screen.Warn(LocalLines.Notice($"Not connecting to {Address}: {e.Message}"));
                return ExitCode.CouldNotConnect;
            }
        }

        using var interrupted = interrupts.Subscribe(_ => Leave());
        using var conversation = Conversations(first).Subscribe(
            line => _screen.Show(line),
            ConnectionEnded,
            () => _exit.TrySetResult(ExitCode.Left));

        // A script may pipe all its lines (and its end of input) at once: read none of
        // them before the server has welcomed us, so they go out on a connection that
        // took the login, and their echoes come after "Connected to chat as …".
        await Task.WhenAny(_welcomed.Task, _exit.Task);
        using var keyboard = typed.Subscribe(OnTyped, _ => Leave(), Leave);
        return await _exit.Task;
    }

    /// <summary>
    /// The server's lines over the first connection, then (with <c>--reconnect</c>) over each
    /// new one. Completes when the user has left; fails when the connection is lost for good.
    /// </summary>
    /// <param name="first">The connection already made, or null to make it here.</param>
    private IObservable<ServerLine> Conversations(ServerConnection? first)
    {
        var unused = first;
        var attempt = Observable.Using(
            async ct => Interlocked.Exchange(ref unused, null)
                        ?? await ServerConnection.ConnectAsync(_options.Host, _options.Port, ct, _options.Tls),
            (connection, _) => Task.FromResult(Conversation(connection)));
        if (!_options.Reconnect) return attempt;

        return attempt.RetryWithBackoff(_scheduler, AnnounceRetry);
    }

    /// <summary>One connection: log in, rejoin the remembered room, then every line the server sends.</summary>
    private IObservable<ServerLine> Conversation(ServerConnection connection) => Observable.Defer(() =>
    {
        var welcomed = false;
        ServerLine? refusal = null;
        // The username goes first, before this connection is offered to the keyboard:
        // otherwise a line typed after a reconnect would become the username.
        Send(connection, _options.Username);
        RejoinReplay replay;
        lock (_state)
        {
            _room = _room.Reconnected();
            _current = connection;
            replay = _room.Rejoin is { } room ? RejoinReplay.Rejoining(room) : RejoinReplay.None;
        }
        ShowPrompt();

        return connection.Lines
            // The moment the server's side ends, typed lines must stop going to it: before
            // anyone hears of the loss (and may type again), not after.
            .Do(_ => { }, _ => Forget(connection), () => Forget(connection))
            .Scan(LineReading.Start, LineReading.Next)
            .Select(reading => Mentions.Mark(reading.Line!, _options.Username))
            // The history replayed on rejoining, less what the user saw before the drop.
            .Scan(replay, (reading, line) => reading.Next(line, AlreadySeen))
            .SelectMany(reading => reading.Shown)
            .Do(line =>
            {
                if (line.Kind == LineKind.Welcome) welcomed = true;
                _names.Saw(line);
                if (line.Kind == LineKind.LoginRefused && !welcomed) refusal = line;
                lock (_state)
                {
                    _room = _room.Received(line);
                    _seen = _seen.Saw(line, _options.Username);
                    if (line.Kind == LineKind.DirectMessage && !string.Equals(line.User, _options.Username, StringComparison.OrdinalIgnoreCase))
                        _lastWriter = line.User;
                }
                ShowPrompt();
            })
            // A refusal is said once, in the client's words, when the connection has ended.
            .Where(line => !ReferenceEquals(line, refusal))
            .SelectMany(line => line.Kind switch
            {
                LineKind.Welcome => Welcomed(connection, line),
                LineKind.PasswordPrompt when !welcomed => Observable.Return(line).Concat(Observable.Defer(() =>
                {
                    SendPassword(connection, line.Text); // after the prompt is shown
                    return Observable.Empty<ServerLine>();
                })),
                _ => Observable.Return(line),
            })
            .Catch<ServerLine, Exception>(e => IsLeaving()
                ? Observable.Empty<ServerLine>()   // broken while saying goodbye: still a clean leave
                : Observable.Throw<ServerLine>(new ConnectionLostException($"Connection to {Address} lost: {e.Message}", welcomed, e)))
            .Concat(Observable.Defer(() => IsLeaving()
                ? Observable.Empty<ServerLine>()
                : Observable.Throw<ServerLine>(refusal is not null
                    ? new LoginRefusedException(LocalLines.Refusal(refusal, _options.Username))
                    : new ConnectionLostException($"Connection to {Address} closed by the server.", welcomed))))
            .Finally(() => Forget(connection));
    });

    /// <summary>
    /// The server accepted the login. The first time, the original client's first words
    /// (only now: a refused name was never connected) and a hint; after a reconnect, a word
    /// that it happened — both notices of the client's, so on standard error, out of a
    /// script's way. Then the room is joined again, after the welcome is shown.
    /// </summary>
    private IObservable<ServerLine> Welcomed(ServerConnection connection, ServerLine welcome)
    {
        var first = Interlocked.Increment(ref _welcomes) == 1;
        string? rejoin;
        lock (_state) rejoin = _room.Rejoin;
        ServerLine[] shown = first ? [LocalLines.Connected(_options.Username), welcome] : [welcome];
        return shown.ToObservable().Concat(Observable.Defer(() =>
        {
            _screen.Warn(first ? LocalLines.Hint : LocalLines.Reconnected(Address, rejoin));
            if (rejoin is not null) SendTyped(connection, ClientLines.JoinPrefix + rejoin);
            _welcomed.TrySetResult();
            return Observable.Empty<ServerLine>();
        }));
    }

    /// <summary>Answers <c>Password for {user}:</c> with the password, never shown nor echoed; without one, leaves.</summary>
    private void SendPassword(ServerConnection connection, string prompt)
    {
        _password ??= _askPassword(prompt);
        if (string.IsNullOrEmpty(_password))
        {
            _screen.Warn(LocalLines.Notice("No password given: leaving."));
            Leave();
            return;
        }
        Send(connection, _password);
    }

    private int AlreadySeen(IReadOnlyList<ServerLine> replay)
    {
        lock (_state) return _seen.AlreadySeen(replay, _options.Username);
    }

    private void Forget(ServerConnection connection)
    {
        lock (_state) if (_current == connection) _current = null;
    }

    private void OnTyped(string line)
    {
        var trimmed = line.Trim();
        if (UserCommands.IsBlank(trimmed)) return;
        if (UserCommands.IsAnswer(trimmed))
        {
            string? writer;
            lock (_state) writer = _lastWriter;
            if (UserCommands.Answering(trimmed, writer) is not { } message)
            {
                _screen.Warn(LocalLines.NothingToAnswer(writer is not null));
                return;
            }
            line = trimmed = message;
        }
        if (UserCommands.IsQuit(trimmed)) { Leave(); return; }
        if (UserCommands.IsHelp(trimmed))
        {
            foreach (var help in UserCommands.Help) _screen.Show(LocalLines.Notice(help));
            return;
        }

        ServerConnection? connection;
        RoomMemory room;
        lock (_state)
        {
            if (_leaving) return;   // lines piped after "quit" are not meant for anyone
            connection = _current;
            room = _room;
        }
        if (connection is null)
        {
            _screen.Warn(LocalLines.NotConnected(trimmed));
            return;
        }
        if (LocalRefusal.Of(line, room) is { } refusal)
        {
            _screen.Warn(refusal);
            return;
        }
        SendTyped(connection, line);
    }

    /// <summary>Sends what the user typed (as typed: the server trims) and echoes it, since the server will not.</summary>
    /// <remarks>
    /// The echo and the room memory come first: the server's reply can arrive on the
    /// socket's thread the moment the line is sent, and must find the <c>/join</c> pending
    /// and print below the echo.
    /// </remarks>
    private void SendTyped(ServerConnection connection, string line)
    {
        var trimmed = line.Trim();
        var echo = UserCommands.IsCommand(trimmed)
            ? LocalLines.OwnCommand(UserCommands.Shown(trimmed))
            : LocalLines.OwnChat(_options.Username, trimmed, TimeOnly.FromDateTime(_scheduler.Now.LocalDateTime));
        lock (_state)
        {
            _room = _room.Sent(trimmed);
            _seen = _seen.Saw(echo, _options.Username);
        }
        _screen.Show(echo);
        Send(connection, line);
    }

    /// <summary>The prompt follows what the server last confirmed: who and where the user is.</summary>
    private void ShowPrompt()
    {
        string? room;
        lock (_state) room = _room.Room;
        _screen.Prompt(LocalLines.Prompt(_options.Username, room));
    }

    private void Send(ServerConnection connection, string line)
    {
        try
        {
            connection.Send(line);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The reading side sees the same broken connection and reports it.
            _screen.Warn(LocalLines.NotSent(line.Trim()));
        }
    }

    /// <summary>
    /// Leaves cleanly: tells the server <c>quit</c>, half-closes, and lets the conversation
    /// finish when the server closes its side — within <see cref="DrainBound"/> either way.
    /// </summary>
    private void Leave()
    {
        ServerConnection? connection;
        lock (_state)
        {
            if (_leaving) return;
            _leaving = true;
            connection = _current;
        }

        if (connection is null) { _exit.TrySetResult(ExitCode.Left); return; }
        try { connection.Send(ClientLines.Quit); }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { }
        connection.FinishSending();
        _scheduler.Schedule(DrainBound, () => _exit.TrySetResult(ExitCode.Left));
    }

    private bool IsLeaving()
    {
        lock (_state) return _leaving;
    }

    private void AnnounceRetry(ReconnectDecision decision)
    {
        if (decision.Error is LoginRefusedException) return;   // said once, as the reason the client stops
        var reason = decision.Error switch
        {
            SocketException e => $"Could not reconnect to {Address}: {e.Message}.",
            { } e => e.Message,
            null => "Connection lost.",
        };
        _screen.Warn(LocalLines.Notice(decision switch
        {
            { Error: ServerNotTrustedException } => $"{reason} Not reconnecting: the same certificate would be refused again.",
            { GiveUp: true } => $"{reason} Giving up after {decision.Failures} attempts.",
            _ => $"{reason} Reconnecting in {decision.Delay.TotalSeconds:0.#} s…",
        }));
    }

    private void ConnectionEnded(Exception error)
    {
        if (IsLeaving()) { _exit.TrySetResult(ExitCode.Left); return; }
        if (error is LoginRefusedException refused)
        {
            _screen.Warn(refused.Line);
            _exit.TrySetResult(ExitCode.Refused);
            return;
        }
        // --reconnect retried a first connect that never reached a server (or one not trusted)
        // and gave up: as without --reconnect, the server could not be reached at start.
        if (Volatile.Read(ref _welcomes) == 0 && error is SocketException or IOException or ServerNotTrustedException)
        {
            _exit.TrySetResult(ExitCode.CouldNotConnect);
            return;
        }
        var message = error switch
        {
            ConnectionLostException lost => lost.Message,
            SocketException e => $"Could not reconnect to {Address}: {e.Message}",
            _ => $"Connection to {Address} lost: {error.Message}",
        };
        if (!_options.Reconnect) _screen.Warn(LocalLines.Notice(message));
        _exit.TrySetResult(ExitCode.ConnectionLost);
    }
}
