using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// One connection's lines as commands, with what only the edge may see: passwords. The first
/// line is the username; if it has an account, the next line is its password, which is
/// checked here and never goes further; <c>/register</c> and <c>/password</c> are hashed and
/// checked here too. What enters the log is a hash or a verdict (and the account version it
/// was checked against, so <c>Decide</c> can tell whether it still holds). A line's commands
/// are an observable: most are known at once (<see cref="LineCommands"/>); one that needs a
/// slow hash waits for its turn in <see cref="PasswordWork"/>, and the connection's later
/// lines wait behind it (<see cref="ConnectionCommands"/> reads them in order).
/// </summary>
/// <param name="codec">The connection's codec, which reads its commands and passwords (unless the connection has a reader of its own).</param>
public sealed class LoginFlow(IChatConnection connection, IChatCodec codec, AccountDesk? desk, int maxLineBytes)
{
    private readonly IFrameReader _reader = connection.Reader ?? codec;

    private string? _user;            // the name this connection logged in with (or is giving the password of)
    private Account? _askedFor;       // the account whose password the next line is
    private bool _warnedInClear;      // a plain connection is told once that its password travels in clear
    private SchedulerTokenBucket? _passwordRation; // made with the first password command
    private bool _refused;            // a wrong password: the connection is closing, and what follows is not read

    /// <summary>The name has an account, and its password is the next line.</summary>
    public bool AwaitingPassword => _askedFor is not null;

    /// <summary>True until the username (and its password, if it has an account) has been sent.</summary>
    public bool AwaitingLogin { get; private set; } = true;

    private string Address => desk!.Throttle.AddressOf(connection.Remote);

    /// <summary>
    /// The commands <paramref name="line"/> makes, read when subscribed (so after the lines
    /// before it are done): none (a null, which still shows the peer is there), one, or a
    /// refusal and then the end of the connection (an error).
    /// </summary>
    public IObservable<Command?> Reading(InboundLine line) => new Deferred(this, line);

    private IObservable<Command?> Read(InboundLine line)
    {
        if (_refused) return LineCommands.None; // typed on after a wrong password (maybe another guess): never parsed, never logged
        if (line.TooLong) return One(new RefuseLine(new LineTooLong(maxLineBytes)));
        if (_askedFor is { } account) return Prove(account, _reader.ReadPassword(line.Text));

        var (command, password) = _reader.Read(line.Text, AwaitingLogin);
        return command switch
        {
            null => LineCommands.None,
            Login login => LogIn(login.Username, password),
            Quit => new LineCommands(Done(Quit.Instance)),
            RegisterPassword register => Register(register.Password),
            ChangeMyPassword change => ChangePassword(change),
            _ => One(command),
        };
    }

    private IObservable<Command?> LogIn(string username, string? password)
    {
        _user = username;
        if (desk?.Find(username) is not { } account) return new LineCommands(Done(new Login(username)));
        if (InClear(atLogin: true) is { } notInClear) return new LineCommands(notInClear); // the password is never read, let alone checked
        if (password is not null) return Prove(account, password); // the structured protocol may send it with the name
        var wait = desk.Throttle.WaitFor(Address);
        if (wait > TimeSpan.Zero) return TooManyWrong(wait, atLogin: true); // no use asking for a password that will not be checked
        _askedFor = account;
        return One(new AskPassword(username, account.Version, WarnInClear()));
    }

    /// <summary>The password for <paramref name="account"/>: right logs in, wrong (or too many wrong from here) closes.</summary>
    private IObservable<Command?> Prove(Account account, string password)
    {
        _askedFor = null;
        AwaitingLogin = false;
        var address = Address;
        var throttle = desk!.Throttle;
        var wait = throttle.Attempt(address);
        if (wait > TimeSpan.Zero) return TooManyWrong(wait, atLogin: true);
        var user = _user!;
        return Hashing(address, hasher =>
        {
            if (!hasher.Verify(account.Hash, password))
            {
                _refused = true;
                return [new WrongPassword(user)];
            }
            throttle.Right(address);
            return [new Login(user, account.Version)];
        },
        busy: () =>
        {
            throttle.Right(address); // not checked: not an attempt
            return Refuse(new ServerBusy(Disconnects: true), "server busy");
        });
    }

    private IObservable<Command?> Register(string password)
    {
        if (desk is null) return One(new UnknownCommand(ClientLines.Register));
        if (RefusedInClear(atLogin: false) is { } inClear) return One(new RefuseLine(inClear));
        if (password.Length < desk.Rules.MinPasswordLength) return One(new RefuseLine(new PasswordTooShort(desk.Rules.MinPasswordLength)));
        if (TooSoon()) return One(new RefuseLine(SlowDown.Instance));
        // Cheap checks first: a /register the chat would refuse (the name taken, too many
        // accounts, too many lately) costs no hash. The chat still decides, and says why.
        if (_user is null || desk.WhyNotRegister(_user) is not null) return One(new Register(Hash: null, InClear: false));
        return Hashing(Address, hasher => [new Register(hasher.Hash(password), WarnInClear())], Busy);
    }

    private IObservable<Command?> ChangePassword(ChangeMyPassword change)
    {
        if (desk is null) return One(new UnknownCommand(ClientLines.Password));
        if (_user is null || desk.Find(_user) is not { } account) return One(new RefuseLine(NoAccount.Instance));
        if (RefusedInClear(atLogin: false) is { } inClear) return One(new RefuseLine(inClear));
        if (TooSoon()) return One(new RefuseLine(SlowDown.Instance));
        var address = Address;
        var throttle = desk.Throttle;
        var wait = throttle.Attempt(address);
        if (wait > TimeSpan.Zero) return TooManyWrong(wait, atLogin: false);
        var minLength = desk.Rules.MinPasswordLength;
        return Hashing(address, hasher =>
        {
            if (!hasher.Verify(account.Hash, change.Old)) return [new RefuseLine(WrongOldPassword.Instance)];
            throttle.Right(address);
            if (change.New.Length < minLength) return [new RefuseLine(new PasswordTooShort(minLength))];
            return [new ChangePassword(hasher.Hash(change.New), account.Version)];
        },
        busy: () =>
        {
            throttle.Right(address);
            return Busy();
        });
    }

    /// <summary>Password work for <paramref name="address"/>, in its turn; <paramref name="busy"/> when the queue is full.</summary>
    private IObservable<Command?> Hashing(string address, Func<IPasswordHasher, IEnumerable<Command>> work, Func<IEnumerable<Command>> busy) =>
        desk!.Work.Run(address, work, busy).SelectMany(commands => new LineCommands(commands));

    private static IEnumerable<Command> Busy() => [new RefuseLine(new ServerBusy(Disconnects: false))];

    /// <summary>This address waits after too many wrong passwords: why, and, at login, then the end of the connection.</summary>
    private static LineCommands TooManyWrong(TimeSpan wait, bool atLogin) =>
        new(Refuse(new TooManyWrongPasswords(wait, Disconnects: atLogin), "too many wrong passwords"));

    /// <summary>A refusal; one that ends the connection ends its lines, <paramref name="reason"/> being why it closed.</summary>
    private static IEnumerable<Command> Refuse(Refusal why, string reason)
    {
        if (why.EndsConnection) throw new RefusedException(why, reason); // the chat hears the refusal, then the close (ConnectionCommands)
        yield return new RefuseLine(why);
    }

    /// <summary>Whether this password command is over the connection's ration (<see cref="AccountDesk.PasswordCommandBurst"/>).</summary>
    private bool TooSoon()
    {
        _passwordRation ??= desk!.NewPasswordRation();
        using var lease = _passwordRation.AttemptAcquire();
        return !lease.IsAcquired;
    }

    /// <summary>
    /// Where passwords are accepted only encrypted and this connection is not: why (and, at
    /// login, then the end of the connection); null when a password may cross it.
    /// </summary>
    private IEnumerable<Command>? InClear(bool atLogin) =>
        RefusedInClear(atLogin) is { } why ? Refuse(why, "a password over an unencrypted connection") : null;

    private PasswordNeedsTls? RefusedInClear(bool atLogin) =>
        !connection.IsSecure && desk?.PasswordsOnlyOverTls is { } tlsPort ? new PasswordNeedsTls(tlsPort, Disconnects: atLogin) : null;

    /// <summary>True the first time a password crosses a connection that is not encrypted.</summary>
    private bool WarnInClear()
    {
        if (connection.IsSecure || _warnedInClear) return false;
        _warnedInClear = true;
        return true;
    }

    /// <summary>A command that ends the wait for a username.</summary>
    private IEnumerable<Command> Done(Command command)
    {
        AwaitingLogin = false;
        return [command];
    }

    private static LineCommands One(Command command) => new([command]);

    /// <summary>A line read when subscribed, not when it arrived: the flow's state is then what the lines before it left.</summary>
    private sealed class Deferred(LoginFlow flow, InboundLine line) : IObservable<Command?>
    {
        public IDisposable Subscribe(IObserver<Command?> observer) => flow.Read(line).Subscribe(observer);
    }
}
