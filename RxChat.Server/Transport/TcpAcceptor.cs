using System.Net;
using System.Net.Sockets;
using System.Reactive.Linq;
using Microsoft.Extensions.Logging;

namespace RxChat.Server.Transport;

/// <summary>
/// The accept loop as an observable: each accepted socket is one notification, in accept
/// order. A failed accept (for example out of file descriptors) is logged and retried
/// after a pause, so a storm of connections never stops the listener for good.
/// </summary>
public static class TcpAcceptor
{
    private static readonly TimeSpan PauseAfterFailedAccept = TimeSpan.FromMilliseconds(100);

    public static IObservable<Socket> Accept(Socket listener, ILogger logger) =>
        Observable.Create<Socket>(async (observer, ct) =>
        {
            while (!ct.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) { break; }
                catch (ObjectDisposedException) { break; }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
                {
                    break; // the listener was closed: the server is stopping
                }
                catch (SocketException ex)
                {
                    logger.LogError("Accept failed: {Error}", ex.Message);
                    try { await Task.Delay(PauseAfterFailedAccept, ct).ConfigureAwait(false); }
                    catch (OperationCanceledException) { break; }
                    continue;
                }
                observer.OnNext(socket);
            }
            observer.OnCompleted();
        });

    public static Socket Listen(IPEndPoint endPoint, int backlog = 4096)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(endPoint);
        listener.Listen(backlog);
        return listener;
    }
}
