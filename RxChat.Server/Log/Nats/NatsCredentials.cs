namespace RxChat.Server.Log.Nats;

/// <summary>
/// How a node proves who it is to NATS: a <c>.creds</c> file (a user JWT and its NKey seed) or
/// an NKey seed file, a user and password, or a token. Secrets are read once, by the host, from
/// a file or the environment, and never shown: this type's text is only which kind it is.
/// </summary>
public sealed class NatsCredentials
{
    public static readonly NatsCredentials None = new();

    private NatsCredentials() { }

    /// <summary>A NATS <c>.creds</c> file or an NKey seed file (told apart by what it holds).</summary>
    public string? File { get; private init; }

    public string? User { get; private init; }

    public string? Password { get; private init; }

    public string? Token { get; private init; }

    public static NatsCredentials FromFile(string file) => new() { File = file };

    public static NatsCredentials UserAndPassword(string user, string password) => new() { User = user, Password = password };

    public static NatsCredentials FromToken(string token) => new() { Token = token };

    /// <summary>Whether <see cref="File"/> is a <c>.creds</c> file (a JWT and a seed) rather than a bare NKey seed.</summary>
    public bool IsCredsFile => File is { } file && System.IO.File.ReadAllText(file).Contains("BEGIN NATS USER JWT", StringComparison.Ordinal);

    /// <summary>Which kind, never the secret itself.</summary>
    public override string ToString() =>
        File is not null ? $"credentials file {File}" : User is not null ? $"user {User} and a password" : Token is not null ? "a token" : "none";
}
