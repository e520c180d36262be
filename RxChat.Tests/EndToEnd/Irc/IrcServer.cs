using RxChat.Server.Hosting;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>The real server with its IRC port on a free loopback port.</summary>
internal static class IrcServer
{
    public static Task<ChatServer> StartAsync(Action<ChatServerOptions>? configure = null) =>
        RunningServer.StartAsync(options =>
        {
            options.Irc.Port = 0;
            configure?.Invoke(options);
        });

    /// <summary>The IRC port of a server started here.</summary>
    public static int Irc(this ChatServer server) => server.IrcPort ?? throw new InvalidOperationException("IRC is off");
}
