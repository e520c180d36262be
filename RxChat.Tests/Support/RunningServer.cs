using RxChat.Server.Hosting;

namespace RxChat.Tests.Support;

/// <summary>The real server on a free loopback port, for one test, keeping its log in memory.</summary>
public static class RunningServer
{
    public static Task<ChatServer> StartAsync(Action<ChatServerOptions>? configure = null) =>
        ChatServer.StartAsync(Options(configure));

    /// <summary>Options for a test server: loopback, a free port, nothing written to disk unless the test says where.</summary>
    public static ChatServerOptions Options(Action<ChatServerOptions>? configure = null)
    {
        var options = new ChatServerOptions { Host = "127.0.0.1", Port = 0, DataDir = ":memory:" };
        configure?.Invoke(options);
        return options;
    }
}
