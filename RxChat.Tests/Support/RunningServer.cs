using RxChat.Server.Hosting;

namespace RxChat.Tests.Support;

/// <summary>The real server on a free loopback port, for one test, keeping its log in memory.</summary>
public static class RunningServer
{
    public static Task<ChatServer> StartAsync(Action<ChatServerOptions>? configure = null) =>
        ChatServer.StartAsync(Options(configure));

    /// <summary>The real server with its HTTP side (page, WebSocket, metrics) on a second free port.</summary>
    public static Task<ChatServer> StartWithHttpAsync(Action<ChatServerOptions>? configure = null) =>
        ChatServer.StartAsync(Options(options => { options.HttpPort = 0; configure?.Invoke(options); }));

    /// <summary>
    /// Options for a test server: loopback, a free port, nothing written to disk unless the test
    /// says where, and no HTTP unless the test asks for it (<c>HttpPort = 0</c>: a free port).
    /// Loopback is exempt from the per-address limits: every test client comes from 127.0.0.1,
    /// and many tests open hundreds of connections; the tests of those limits turn it back off.
    /// </summary>
    public static ChatServerOptions Options(Action<ChatServerOptions>? configure = null)
    {
        var options = new ChatServerOptions { Host = "127.0.0.1", Port = 0, HttpPort = -1, DataDir = ":memory:" };
        options.Limits.ExemptLoopback = true;
        configure?.Invoke(options);
        return options;
    }
}
