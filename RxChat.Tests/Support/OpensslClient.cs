using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace RxChat.Tests.Support;

/// <summary>
/// <c>openssl s_client -quiet</c> as a real process, used as a chat client the way the
/// README shows: lines typed on its standard input, the server's lines on its output. It
/// verifies the server's certificate against <c>-CAfile</c> and the host name, and gives up
/// on a bad one. Every wait is for an event, with a generous bound.
/// </summary>
public sealed class OpensslClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();
    private readonly Task _reading;

    private OpensslClient(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(ReadLinesAsync(), ReadErrorsAsync());
    }

    /// <param name="options">More <c>s_client</c> options, such as <c>-tls1_2</c>.</param>
    public static OpensslClient Connect(int port, string caFile, params string[] options)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        string[] args = ["s_client", "-quiet", "-connect", $"127.0.0.1:{port}", "-servername", "localhost",
            "-CAfile", caFile, "-verify_hostname", "localhost", "-verify_return_error", .. options];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new OpensslClient(Process.Start(start)!);
    }

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next line the server sent.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(LineClient.Patience);
        try
        {
            if (await _lines.Reader.WaitToReadAsync(timeout.Token) && _lines.Reader.TryRead(out var line)) return line;
        }
        catch (OperationCanceledException) { }
        throw new Xunit.Sdk.XunitException($"openssl s_client printed no line within {LineClient.Patience.TotalSeconds} s; it said: {Errors}");
    }

    /// <summary>What openssl said on standard error (verification, the handshake).</summary>
    public string Errors { get { lock (_errors) return _errors.ToString(); } }

    /// <summary>Waits for openssl to exit (the server closed the connection) and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(LineClient.Patience);
        await _reading.WaitAsync(LineClient.Patience);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(); } catch (InvalidOperationException) { }
        }
        try { await _reading.WaitAsync(LineClient.Patience); } catch (Exception) { }
        _process.Dispose();
    }

    private async Task ReadLinesAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line) _lines.Writer.TryWrite(line);
        _lines.Writer.TryComplete();
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
            lock (_errors) _errors.AppendLine(line);
    }
}
