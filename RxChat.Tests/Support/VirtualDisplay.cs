using System.Diagnostics;
using System.Globalization;

namespace RxChat.Tests.Support;

/// <summary>
/// An X display without a screen (Debian's Xvfb) for a graphical client such as HexChat: Xvfb
/// picks a free display number itself (<c>-displayfd</c>) and says it, so tests never collide.
/// Stopped by its process id.
/// </summary>
public sealed class VirtualDisplay : IDisposable
{
    private readonly Process _xvfb;

    private VirtualDisplay(Process xvfb, string name) => (_xvfb, Name) = (xvfb, name);

    /// <summary>The value for <c>DISPLAY</c>, e.g. <c>:3</c>.</summary>
    public string Name { get; }

    public static async Task<VirtualDisplay> StartAsync()
    {
        var start = new ProcessStartInfo("Xvfb") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // -ac: any local client may draw (the client may run as another user than the test); -nolisten tcp: only a local socket.
        foreach (var arg in new[] { "-displayfd", "1", "-ac", "-nolisten", "tcp", "-screen", "0", "1024x768x24" }) start.ArgumentList.Add(arg);
        var xvfb = Process.Start(start)!;
        xvfb.ErrorDataReceived += (_, _) => { }; // drained, never read
        xvfb.BeginErrorReadLine();
        try
        {
            var number = await xvfb.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (!int.TryParse(number, CultureInfo.InvariantCulture, out var display))
                throw new InvalidOperationException($"Xvfb did not say which display it took (it said \"{number}\")");
            return new VirtualDisplay(xvfb, $":{display}");
        }
        catch
        {
            xvfb.Kill();
            xvfb.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_xvfb.HasExited) _xvfb.Kill();
        _xvfb.WaitForExit(10_000);
        _xvfb.Dispose();
    }
}
