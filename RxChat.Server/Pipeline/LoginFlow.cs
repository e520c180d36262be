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
/// was checked against, so <c>Decide</c> can tell whether it still holds).
/// </summary>
/// <param name="codec">The connection's codec, which reads its commands and passwords (unless the connection has a reader of its own).</param>
public sealed class LoginFlow(IChatConnection connection, IChatCodec codec, AccountDesk? desk, int maxLineBytes)
{
    private readonly IFrameReader _reader = connection.Reader ?? codec;

    private static readonly Command[] Nothing = [];

    private string? _user;            // the name this connection logged in with (or is giving the password of)
    private Account? _askedFor;       // the account whose password the next line is
    private bool _warnedInClear;      // a plain connection is told once that its password travels in clear
    private SchedulerTokenBucket? _passwordRation; // made with the first password command
    private bool _refused;            // a wrong password: the connection is closing, and what follows is not read

    /// <summary>The name has an account, and its password is the next line.</summary>
    public bool AwaitingPassword => _askedFor is not null;

    /// <summary>True until the username (and its password, if it has an account) has been sent.</summary>
    public bool AwaitingLogin { get; private set; } = true;

    private string Address => AccountDesk.AddressOf(connection.Remote);

    /// <summary>The commands one received line makes: none, one, or a refusal and then the end of the connection.</summary>
    public IEnumerable<Command> Read(InboundLine line)
    {
        if (_refused) return Nothing; // typed on after a wrong password (maybe another guess): never parsed, never logged
        if (line.TooLong) return One(new RefuseLine(new LineTooLong(maxLineBytes)));
        if (_askedFor is { } account) return Prove(account, _reader.ReadPassword(line.Text));

        var (command, password) = _reader.Read(line.Text, AwaitingLogin);
        return command switch
        {
            null => Nothing,
            Login login => LogIn(login.Username, password),
            Quit => Done(Quit.Instance),
            RegisterPassword register => One(Register(register.Password)),
            ChangeMyPassword change => ChangePassword(change),
            _ => One(command),
        };
    }

    private IEnumerable<Command> LogIn(string username, string? password)
    {
        _user = username;
        if (desk?.Find(username) is not { } account) return Done(new Login(username));
        if (password is not null) return Prove(account, password); // the structured protocol may send it with the name
        if (Throttled(atLogin: true) is { } turnedAway) return turnedAway; // no use asking for a password that will not be checked
        _askedFor = account;
        return One(new AskPassword(username, account.Version, WarnInClear()));
    }

    /// <summary>The password for <paramref name="account"/>: right logs in, wrong (or too many wrong from here) closes.</summary>
    private IEnumerable<Command> Prove(Account account, string password)
    {
        _askedFor = null;
        AwaitingLogin = false;
        if (Throttled(atLogin: true) is { } turnedAway) return turnedAway;
        var throttle = desk!.Throttle;
        if (!PasswordHashing.Verify(account.Hash, password))
        {
            throttle.Failed(Address);
            _refused = true;
            return One(new WrongPassword(_user!));
        }
        throttle.Succeeded(Address);
        return One(new Login(_user!, account.Version));
    }

    /// <summary>
    /// While this address waits after too many wrong passwords: why (and, at login, then the
    /// end of the connection); null when a password from here may be checked.
    /// </summary>
    private IEnumerable<Command>? Throttled(bool atLogin)
    {
        var wait = desk!.Throttle.WaitFor(Address);
        if (wait <= TimeSpan.Zero) return null;
        return Refuse(new TooManyWrongPasswords(wait, Disconnects: atLogin), "too many wrong passwords");
    }

    /// <summary>A refusal; one that ends the connection ends its lines, <paramref name="reason"/> being why it closed.</summary>
    private static IEnumerable<Command> Refuse(Refusal why, string reason)
    {
        if (why.EndsConnection) throw new RefusedException(why, reason); // the chat hears the refusal, then the close (ConnectionCommands)
        yield return new RefuseLine(why);
    }

    private Command Register(string password)
    {
        if (desk is null) return new UnknownCommand(ClientLines.Register);
        if (password.Length < desk.Rules.MinPasswordLength) return new RefuseLine(new PasswordTooShort(desk.Rules.MinPasswordLength));
        if (TooSoon()) return new RefuseLine(SlowDown.Instance);
        return new Register(PasswordHashing.Hash(password), WarnInClear());
    }

    private IEnumerable<Command> ChangePassword(ChangeMyPassword change)
    {
        if (desk is null) return One(new UnknownCommand(ClientLines.Password));
        if (_user is null || desk.Find(_user) is not { } account) return One(new RefuseLine(NoAccount.Instance));
        if (TooSoon()) return One(new RefuseLine(SlowDown.Instance));
        if (Throttled(atLogin: false) is { } throttled) return throttled;
        if (!PasswordHashing.Verify(account.Hash, change.Old))
        {
            desk.Throttle.Failed(Address);
            return One(new RefuseLine(WrongOldPassword.Instance));
        }
        desk.Throttle.Succeeded(Address);
        if (change.New.Length < desk.Rules.MinPasswordLength) return One(new RefuseLine(new PasswordTooShort(desk.Rules.MinPasswordLength)));
        return One(new ChangePassword(PasswordHashing.Hash(change.New), account.Version));
    }

    /// <summary>Whether this password command is over the connection's ration (<see cref="AccountDesk.PasswordCommandBurst"/>).</summary>
    private bool TooSoon()
    {
        _passwordRation ??= desk!.NewPasswordRation();
        using var lease = _passwordRation.AttemptAcquire();
        return !lease.IsAcquired;
    }

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
        return One(command);
    }

    private static IEnumerable<Command> One(Command command) => [command];
}
