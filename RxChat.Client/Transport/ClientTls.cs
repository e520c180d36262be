using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RxChat.Client.Transport;

/// <summary>
/// How the client talks TLS (<c>--tls</c>, <c>--ca</c>, <c>--insecure</c>): TLS 1.2 or newer,
/// and the server's certificate checked — for its host name always, and for its issuer
/// against the system's trusted roots, or only against the certificates of <c>--ca</c>
/// (a private CA, or the server's own self-signed certificate). <c>--insecure</c> checks
/// nothing; the client says so where the user sees it.
/// </summary>
internal sealed class ClientTls
{
    private readonly X509Certificate2Collection? _trusted;

    private ClientTls(X509Certificate2Collection? trusted, bool insecure)
    {
        _trusted = trusted;
        Insecure = insecure;
    }

    /// <summary>Trust what the system trusts.</summary>
    public static ClientTls SystemTrust { get; } = new(null, insecure: false);

    /// <summary>Check nothing: <c>--insecure</c>.</summary>
    public static ClientTls Unchecked { get; } = new(null, insecure: true);

    public bool Insecure { get; }

    /// <summary>What the user is told once, before connecting, when nothing is checked.</summary>
    public const string InsecureWarning =
        "Warning: --insecure: the server's certificate is not checked, so anyone on the way can read and change this chat.";

    /// <summary>Trust only the certificates in the PEM file <paramref name="caFile"/>.</summary>
    /// <returns>null, with <paramref name="error"/> in one line, if the file cannot be used.</returns>
    public static ClientTls? TrustingOnly(string caFile, out string? error)
    {
        error = null;
        var trusted = new X509Certificate2Collection();
        try { trusted.ImportFromPemFile(caFile); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            error = $"Cannot read the CA file {caFile}: {e.Message}";
            return null;
        }
        if (trusted.Count == 0)
        {
            error = $"No certificate in the CA file {caFile} (expected PEM: -----BEGIN CERTIFICATE-----)";
            return null;
        }
        return new ClientTls(trusted, insecure: false);
    }

    /// <summary>Runs the client side of the handshake with <paramref name="host"/> over <paramref name="plain"/>.</summary>
    /// <exception cref="ServerNotTrustedException">The server's certificate was refused, with why, in one line.</exception>
    /// <exception cref="IOException">The connection failed during the handshake (not a TLS server, closed, …).</exception>
    public async Task<Stream> SecureAsync(Stream plain, string host, CancellationToken ct)
    {
        string? refusal = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = _trusted is null ? null : OnlyTrusting(_trusted),
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (Insecure || errors == SslPolicyErrors.None) return true;
                refusal = Why(host, certificate, chain, errors);
                return false;
            },
        };
        var tls = new SslStream(plain, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(options, ct).ConfigureAwait(false);
            return tls;
        }
        catch (Exception e)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            if (refusal is not null) throw new ServerNotTrustedException(refusal);
            if (e is AuthenticationException) throw new IOException($"TLS handshake failed (is this the server's TLS port?): {e.Message}", e);
            throw;
        }
    }

    /// <summary>A chain policy in which only <paramref name="roots"/> are roots; the system's play no part.</summary>
    private static X509ChainPolicy OnlyTrusting(X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }

    private string Why(string host, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return "The server sent no certificate.";
        var subject = certificate?.Subject is { Length: > 0 } s ? s : "(no subject)";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var problems = chain?.ChainStatus.Select(status => status.Status.ToString()).Distinct() ?? [];
            var hint = _trusted is null
                ? "use --ca FILE to trust its CA or its self-signed certificate"
                : "it is not issued by a certificate of --ca";
            return $"The server's certificate ({subject}) is not trusted ({string.Join(", ", problems)}): {hint}.";
        }
        return $"The server's certificate ({subject}) is not for {host}: connect with a name it is issued for.";
    }
}

/// <summary>The server's certificate was refused; the message says why and what to do, in one line.</summary>
internal sealed class ServerNotTrustedException(string message) : Exception(message);
