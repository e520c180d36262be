using System.Net;
using System.Net.Sockets;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Microsoft.Extensions.Logging;

namespace RxChat.Server.Transport;

/// <summary>
/// The accept loop as an observable: each accepted socket is one notification, in accept
/// order. A failed accept (for example out of file descriptors) is logged and retried
/// after a pause, so a storm of connections never stops the listener for good.
/// <para>
/// It runs on a thread of its own, blocked in <c>accept</c>, not as a task on the thread
/// pool: in a storm the pool's one line holds thousands of reads and closes, and a
/// newcomer's accept waited behind all of them (measured: accepted 0.75 s after a leave
/// storm began, then welcomed 25 ms later). A newcomer's first lines are usually there when
/// it is accepted, so its login is read and queued for the fold on this thread too.
/// </para>
/// </summary>
public static class TcpAcceptor
{

    public static IObservable<Socket> Accept(Socket listener, ILogger logger) =>
        Observable.Create<Socket>(observer =>
        {
            var stop = new CancellationTokenSource();
            new Thread(() => AcceptAll(listener, logger, observer, stop.Token)) { Name = "rxchat-accept", IsBackground = true }.Start();
            // A blocked accept ends when the listener is closed, which is how the server stops.
            return Disposable.Create(stop.Cancel);
        });

    private static void AcceptAll(Socket listener, ILogger logger, IObserver<Socket> observer, CancellationToken stop)
    {
        var failures = new AcceptFailures(logger);
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = listener.Accept();
            }
            catch (ObjectDisposedException) { break; }
            catch (SocketException) when (stop.IsCancellationRequested || listener.SafeHandle.IsClosed) { break; }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument)
            {
                break; // the listener was closed: the server is stopping
            }
            catch (SocketException ex)
            {
                // Out of file descriptors (EMFILE) most likely: the newcomer waits in the
                // backlog while those connected go on; accepting is retried ever more slowly.
                if (stop.WaitHandle.WaitOne(failures.Failed(ex))) break;
                continue;
            }
            failures.Succeeded();
            if (stop.IsCancellationRequested)
            {
                socket.Dispose(); // nobody listens to this loop any more
                break;
            }
            observer.OnNext(socket);
        }
        observer.OnCompleted();
    }

    /// <summary>
    /// A listening socket that is this process's alone: a second server on the same port fails
    /// to bind (it never shares the port and splits the chat), while a port whose last
    /// connections are still in TIME_WAIT (a server just stopped) can be bound at once.
    /// </summary>
    public static Socket Listen(IPEndPoint endPoint, int backlog = 4096)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            AllowRestartOnly(listener);
            listener.Bind(endPoint);
            listener.Listen(backlog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// SO_REUSEADDR alone. .NET's <see cref="SocketOptionName.ReuseAddress"/> sets SO_REUSEPORT
    /// too on Linux and macOS, which lets a second live listener share the port; SO_REUSEADDR
    /// alone only lets a listener bind over TIME_WAIT. On Windows the same is exclusive use
    /// (a port in TIME_WAIT is bindable there anyway).
    /// </summary>
    private static void AllowRestartOnly(Socket listener)
    {
        const int on = 1;
        if (OperatingSystem.IsLinux()) listener.SetRawSocketOption(SolSocket, SoReuseAddrLinux, BitConverter.GetBytes(on));
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()) listener.SetRawSocketOption(SolSocketBsd, SoReuseAddrBsd, BitConverter.GetBytes(on));
        else if (OperatingSystem.IsWindows()) listener.ExclusiveAddressUse = true;
    }

    private const int SolSocket = 1, SoReuseAddrLinux = 2; // <sys/socket.h> on Linux
    private const int SolSocketBsd = 0xffff, SoReuseAddrBsd = 4; // and on macOS and the BSDs
}
