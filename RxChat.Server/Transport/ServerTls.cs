using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RxChat.Server.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// The TLS step of a connection on the TLS port: the server's certificate, TLS 1.2 or newer
/// only, and a deadline for the handshake. It turns a connection's plain stream into an
/// <see cref="SslStream"/>; everything after that (framing, codec, bounded queue) is the
/// same as for plain TCP. A handshake that fails — plaintext, garbage, a client that stalls,
/// a client that does not trust us — ends that connection only, with one brief reason.
/// </summary>
public sealed class ServerTls
{
    private readonly SslServerAuthenticationOptions _options;
    private readonly TimeSpan _handshakeDeadline;

    /// <param name="certificate">The server's certificate, with its private key.</param>
    /// <param name="chain">Intermediate certificates sent along with it (may be empty).</param>
    /// <param name="handshakeDeadline">
    /// The login timeout: the handshake counts against it, so a client that stalls half way
    /// through is closed when it expires, as one that never sends its username is.
    /// </param>
    public ServerTls(X509Certificate2 certificate, X509Certificate2Collection chain, TimeSpan handshakeDeadline)
    {
        Certificate = certificate;
        Chain = chain;
        _handshakeDeadline = handshakeDeadline;
        _options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, chain, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
    }

    /// <summary>The server's certificate (the HTTPS side serves the same one).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The intermediate certificates sent along with it.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <summary>
    /// Reads the certificate and its key from PEM files (the certificate file may carry the
    /// intermediate certificates after the server's own).
    /// </summary>
    /// <exception cref="TlsSetupException">A file is missing or is not what it should be, said in one line.</exception>
    public static ServerTls FromPemFiles(string certPath, string keyPath, TimeSpan handshakeDeadline)
    {
        if (!File.Exists(certPath)) throw new TlsSetupException($"no certificate file {certPath}");
        if (!File.Exists(keyPath)) throw new TlsSetupException($"no key file {keyPath}");
        X509Certificate2 certificate;
        var chain = new X509Certificate2Collection();
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // A PEM key is loaded as an ephemeral key; exporting it once gives a certificate
            // every TLS back end accepts as a server certificate.
            certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            chain.ImportFromPemFile(certPath);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new TlsSetupException($"cannot use {certPath} with {keyPath}: {ex.Message}");
        }
        // The first certificate in the file is the server's own; the rest is its chain.
        var intermediates = new X509Certificate2Collection();
        foreach (var extra in chain.Skip(1)) intermediates.Add(extra);
        if (!certificate.HasPrivateKey) throw new TlsSetupException($"{keyPath} holds no private key for {certPath}");
        return new ServerTls(certificate, intermediates, handshakeDeadline);
    }

    /// <summary>
    /// Runs the server side of the handshake over <paramref name="plain"/> and returns the
    /// encrypted stream. Fails with an <see cref="IOException"/> whose message is the brief
    /// reason (logged once, as the connection's reason for leaving).
    /// </summary>
    public async Task<SslStream> SecureAsync(Stream plain, CancellationToken aborting)
    {
        var tls = new SslStream(plain, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborting);
        deadline.CancelAfter(_handshakeDeadline);
        try
        {
            await tls.AuthenticateAsServerAsync(_options, deadline.Token).ConfigureAwait(false);
            return tls;
        }
        catch (Exception ex)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            if (aborting.IsCancellationRequested) throw;
            if (ex is OperationCanceledException)
                throw new IOException($"TLS handshake not finished within {_handshakeDeadline.TotalSeconds:0.###} s");
            throw new IOException($"TLS handshake failed: {Brief(ex)}");
        }
    }

    /// <summary>
    /// Turns away a connection that never reaches the chat (the server is full) with one line,
    /// over TLS like everything on this port, then closes it. The handshake has the same
    /// deadline as any other; a peer that fails it, or <paramref name="stopping"/>, ends it
    /// without a word.
    /// </summary>
    public async Task RefuseAsync(Socket socket, OutboundLine line, CancellationToken stopping)
    {
        try
        {
            await using var tls = await SecureAsync(new NetworkStream(socket, ownsSocket: false), stopping).ConfigureAwait(false);
            await tls.WriteAsync(line.Bytes, stopping).ConfigureAwait(false); // one short line: the socket's buffer takes it
            await tls.ShutdownAsync().ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception) { /* it would not or could not listen: nothing more to tell it */ }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>The innermost message: what went wrong, not the layers it went through.</summary>
    private static string Brief(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex.Message;
    }
}

/// <summary>The TLS settings cannot be used (a missing file, a key that does not match); the message says why in one line.</summary>
public sealed class TlsSetupException(string message) : Exception(message);
