using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxChat.Server.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// The TLS step of a connection on the TLS port: the server's certificate, TLS 1.2 or newer
/// only, and a deadline for the handshake. It turns a connection's plain stream into an
/// <see cref="SslStream"/>; everything after that (framing, codec, bounded queue) is the
/// same as for plain TCP. A handshake that fails — plaintext, garbage, a client that stalls,
/// a client that does not trust us — ends that connection only, with one brief reason.
/// <para>
/// Read from files, the certificate is renewed in place: each handshake first compares the
/// files' times with those it was read at, and a renewed pair is read then (<see cref="Reload"/>,
/// which SIGHUP also calls), so every new handshake — on the TLS port and HTTPS alike — gets
/// the new certificate while connections already made go on with theirs. A renewal that
/// cannot be read (the key not yet written, a typo) is logged and the current one kept.
/// </para>
/// </summary>
public sealed class ServerTls
{
    private readonly TimeSpan _handshakeDeadline;
    private readonly string? _certPath, _keyPath;
    private readonly ILogger _logger;
    private readonly Lock _reloading = new();
    private volatile Loaded _loaded;
    private (DateTime Cert, DateTime Key)? _unreadable; // the files' times when they last could not be read: not tried again until they change

    /// <param name="certificate">The server's certificate, with its private key.</param>
    /// <param name="chain">Intermediate certificates sent along with it (may be empty).</param>
    /// <param name="handshakeDeadline">
    /// The login timeout: the handshake counts against it, so a client that stalls half way
    /// through is closed when it expires, as one that never sends its username is.
    /// </param>
    public ServerTls(X509Certificate2 certificate, X509Certificate2Collection chain, TimeSpan handshakeDeadline)
        : this(new Loaded(certificate, chain, default, default), handshakeDeadline, null, null, null) { }

    private ServerTls(Loaded loaded, TimeSpan handshakeDeadline, string? certPath, string? keyPath, ILogger? logger)
    {
        _loaded = loaded;
        _handshakeDeadline = handshakeDeadline;
        _certPath = certPath;
        _keyPath = keyPath;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The server's certificate now (the HTTPS side serves the same one).</summary>
    public X509Certificate2 Certificate => Current.Certificate;

    /// <summary>
    /// What the next handshake is made with (a new object each time, since a TLS stack may
    /// fill in what it leaves unset): the certificate as renewed by now.
    /// </summary>
    public SslServerAuthenticationOptions AuthenticationOptions => new()
    {
        ServerCertificateContext = Current.Context,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>The certificate, read again first if its files were renewed since.</summary>
    private Loaded Current
    {
        get
        {
            var loaded = _loaded;
            if (_certPath is null) return loaded;
            var written = Written();
            if (written == (loaded.CertWritten, loaded.KeyWritten) || written == _unreadable) return loaded;
            Reload();
            return _loaded;
        }
    }

    /// <summary>
    /// Reads the certificate and key files again (SIGHUP, or a renewal seen at a handshake).
    /// Connections already made keep theirs; a pair that cannot be read leaves the current one
    /// in use, and says why in the log.
    /// </summary>
    /// <returns>Whether a new certificate is in use.</returns>
    public bool Reload()
    {
        if (_certPath is null || _keyPath is null) return false;
        lock (_reloading)
        {
            var written = Written();
            try
            {
                var loaded = Load(_certPath, _keyPath);
                if (loaded.Certificate.Thumbprint == _loaded.Certificate.Thumbprint)
                {
                    _loaded = _loaded with { CertWritten = loaded.CertWritten, KeyWritten = loaded.KeyWritten };
                    return false;
                }
                // The old certificate is not disposed: handshakes under way may still be using it.
                _loaded = loaded;
                _unreadable = null;
                _logger.LogInformation("TLS certificate reloaded from {Cert}: {Subject}, valid until {NotAfter:u}",
                    _certPath, loaded.Certificate.Subject, loaded.Certificate.NotAfter.ToUniversalTime());
                return true;
            }
            catch (TlsSetupException e)
            {
                if (_unreadable != written)
                    _logger.LogWarning("TLS certificate not reloaded, the current one stays in use: {Reason}", e.Message);
                _unreadable = written;
                return false;
            }
        }
    }

    private (DateTime Cert, DateTime Key) Written() => (File.GetLastWriteTimeUtc(_certPath!), File.GetLastWriteTimeUtc(_keyPath!));

    /// <summary>
    /// Reads the certificate and its key from PEM files (the certificate file may carry the
    /// intermediate certificates after the server's own).
    /// </summary>
    /// <exception cref="TlsSetupException">A file is missing or is not what it should be, said in one line.</exception>
    public static ServerTls FromPemFiles(string certPath, string keyPath, TimeSpan handshakeDeadline, ILogger? logger = null) =>
        new(Load(certPath, keyPath), handshakeDeadline, certPath, keyPath, logger);

    /// <exception cref="TlsSetupException">A file is missing or is not what it should be, said in one line.</exception>
    private static Loaded Load(string certPath, string keyPath)
    {
        // The times first: a file renewed while it is read is read again at the next handshake.
        var (certWritten, keyWritten) = (File.GetLastWriteTimeUtc(certPath), File.GetLastWriteTimeUtc(keyPath));
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
        return new Loaded(certificate, intermediates, certWritten, keyWritten);
    }

    /// <summary>A certificate as read, with its chain, the context every handshake shares, and its files' times then.</summary>
    private sealed record Loaded(X509Certificate2 Certificate, X509Certificate2Collection Chain, DateTime CertWritten, DateTime KeyWritten)
    {
        public SslStreamCertificateContext Context { get; } = SslStreamCertificateContext.Create(Certificate, Chain, offline: true);
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
            await tls.AuthenticateAsServerAsync(AuthenticationOptions, deadline.Token).ConfigureAwait(false);
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
