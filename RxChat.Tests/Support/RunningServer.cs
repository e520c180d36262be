using RxChat.Server.Hosting;

namespace RxChat.Tests.Support;

/// <summary>The real server on a free loopback port, for one test.</summary>
public static class RunningServer
{
    public static Task<ChatServer> StartAsync(Action<ChatServerOptions>? configure = null)
    {
        var options = new ChatServerOptions { Host = "127.0.0.1", Port = 0 };
        configure?.Invoke(options);
        return ChatServer.StartAsync(options);
    }
}
