using RxChat.Tests.Support;

namespace RxChat.Tests.Cluster;

/// <summary>
/// Two real nodes on a real <c>nats-server</c> running the docs' configuration
/// (deploy/nats-server.conf), each logged in as its own NATS user — one with a password file,
/// one with the password in its URL — chat with each other, and no password appears in
/// anything either node writes, nor in the line of a node whose password is wrong.
/// </summary>
public sealed class NatsCredentialsTests : IAsyncLifetime
{
    private NatsServer _nats = null!;
    private string _dir = "";

    public async Task InitializeAsync()
    {
        _nats = await NatsServer.StartShippedAsync();
        _dir = Directory.CreateTempSubdirectory("rxchat-creds-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _nats.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Nodes_log_in_with_their_own_credentials_and_no_credential_appears_in_any_log_output()
    {
        var passwordFile = Path.Combine(_dir, "n1.password");
        await File.WriteAllTextAsync(passwordFile, _nats.Passwords["n1"] + "\n");
        await using var nodes = new ChatNodes(_nats.Url);
        var n1 = await nodes.StartAsync("n1", "--nats-user", "n1", "--nats-password-file", passwordFile, "--nats-nodes", "n1,n2");
        await using var n2 = await ServerProcess.StartAsync(_dir, "--nats", $"nats://n2:{_nats.Passwords["n2"]}@127.0.0.1:{_nats.Port}",
            "--node", "n2", "--http-port", "-1", "--nats-nodes", "n1,n2");
        var alice = await nodes.MemberAsync(n1, "alice");
        var bob = await nodes.MemberAsync(n2, "bob");
        await alice.SayAsync("hello bob");
        await bob.UntilAsync(m => m.TextsOf("alice").Contains("hello bob"), "alice's line on the other node");

        var wrongFile = Path.Combine(_dir, "n3.password");
        await File.WriteAllTextAsync(wrongFile, "not-n3s-password");
        var refused = ServerProcess.Launch(["--nats", $"nats://127.0.0.1:{_nats.Port}", "--node", "n3", "--port", "0", "--http-port", "-1",
            "--data-dir", _dir, "--nats-user", "n3", "--nats-password-file", wrongFile, "--RxChat:Nats:StartTimeoutSeconds", "3"]);
        await using (refused) Assert.Equal(2, await refused.ExitCodeAsync());

        Assert.Contains(n2.Log, l => l.Contains($"nats://***@127.0.0.1:{_nats.Port}", StringComparison.Ordinal));
        foreach (var line in n1.Log.Concat(n2.Log).Concat(refused.Log))
            foreach (var secret in _nats.Passwords.Values.Append("not-n3s-password"))
                Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
    }
}
