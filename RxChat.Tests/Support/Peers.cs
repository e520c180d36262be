using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using RxChat.Server.Hosting;
using RxChat.Server.Transport;
using RxChat.Tests.Support;

namespace RxChat.Tests.Support;

/// <summary>Small helpers the hardening tests share: rooms of peers, stamped lines, raw sockets.</summary>
public static class Peers
{
    /// <summary>Logs in <paramref name="name"/> and puts it in <paramref name="room"/>; earlier members are told.</summary>
    public static async Task<LineClient> InRoomAsync(int port, string name, string room, params LineClient[] alreadyThere)
    {
        var client = await LineClient.LogInAsync(port, name);
        await client.SendLineAsync("/join " + room);
        Assert.Equal("You joined room " + room, await client.ReadLineAsync());
        foreach (var member in alreadyThere) AssertStamped($"{name} joined the room", await member.ReadLineAsync());
        return client;
    }

    public static void AssertStamped(string afterTimestamp, string actual) =>
        Assert.Matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] " + Regex.Escape(afterTimestamp) + "$", actual);

    /// <summary>The part after <c>[HH:MM:SS] </c> of a broadcast line.</summary>
    public static string Unstamped(string line)
    {
        Assert.Matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] ", line);
        return line[11..];
    }

    /// <summary>A peer that connects, says its name and joins a room, and then never reads a byte.</summary>
    public static async Task<Socket> NonReaderAsync(int port, string name, string room)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveBufferSize = 4096, // a small window, so the server's queue (not the kernel) takes the backlog
        };
        await socket.ConnectAsync("127.0.0.1", port).WaitAsync(LineClient.Patience);
        await socket.SendAsync(Encoding.UTF8.GetBytes($"{name}\n/join {room}\n"));
        return socket;
    }

    /// <summary>The server's connection for a logged-in user (to watch its outbound queue).</summary>
    public static TcpConnection ConnectionOf(ChatServer server, string username)
    {
        var id = server.Pipeline.State.Usernames[username];
        return server.OpenConnections.Single(c => c.Id == id);
    }
}
