using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxChat.Tests.Client;

/// <summary>
/// A fake chat server that welcomes one client and then never closes its side, whatever the
/// client says or does — not even after the client's FIN. It records every line it receives
/// and whether the client finished sending.
/// </summary>
public sealed class NeverClosingServer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _clientFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private Socket? _client;

    public NeverClosingServer()
    {
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every line received so far.</summary>
    public IReadOnlyList<string> Lines { get { lock (_lock) return [.. _lines]; } }

    /// <summary>Waits until the client has finished sending (its FIN arrived), with a generous bound.</summary>
    public async Task<IReadOnlyList<string>> ClientFinishedAsync()
    {
        try { await _clientFinished.Task.WaitAsync(Patience); }
        catch (TimeoutException) { throw new Xunit.Sdk.XunitException($"The client never finished sending; it sent: {string.Join(" | ", Lines)}"); }
        return Lines;
    }

    private async Task ServeAsync()
    {
        _client = await _listener.AcceptSocketAsync(_stop.Token);
        var pending = new StringBuilder();
        var buffer = new byte[4096];
        var welcomed = false;
        while (true)
        {
            int read = await _client.ReceiveAsync(buffer, _stop.Token);
            if (read == 0) break; // the client's FIN: this server keeps its own side open
            pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
            for (int end; (end = pending.ToString().IndexOf('\n')) >= 0;)
            {
                lock (_lock) _lines.Add(pending.ToString(0, end));
                pending.Remove(0, end + 1);
                if (!welcomed)
                {
                    welcomed = true;
                    await _client.SendAsync("Welcome to the chat server!\n"u8.ToArray(), _stop.Token);
                }
            }
        }
        _clientFinished.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _serving; } catch (Exception) { /* stopped */ }
        _client?.Dispose();
        _listener.Stop();
        _stop.Dispose();
    }
}
