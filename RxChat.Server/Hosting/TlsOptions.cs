namespace RxChat.Server.Hosting;

/// <summary>
/// TLS (config section <c>RxChat:Tls</c>; <c>--tls-port</c>, <c>--tls-cert</c>, <c>--tls-key</c>,
/// <c>--https-port</c>). Off until a certificate and its key are given; then a TLS listener
/// runs beside the plain one, and the HTTP side serves HTTPS and <c>wss://</c> too.
/// </summary>
public sealed record TlsOptions
{
    /// <summary>The TLS port when none is given.</summary>
    public const int DefaultPort = 7443;

    /// <summary>
    /// The TLS port for line clients (<c>openssl s_client</c>, the client's <c>--tls</c>):
    /// <see cref="DefaultPort"/> unless set; 0 takes a free one. Setting it without a
    /// certificate is an error, not a silent plain server.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>The server's certificate, PEM (its chain may follow it in the same file).</summary>
    public string? Cert { get; set; }

    /// <summary>The certificate's private key, PEM (unencrypted).</summary>
    public string? Key { get; set; }

    /// <summary>
    /// The HTTPS port (the web page, <c>wss://…/ws</c>, metrics), beside the plain HTTP port;
    /// 0 takes a free one, a negative port turns HTTPS off. Needs the HTTP side on.
    /// </summary>
    public int HttpsPort { get; set; } = 8443;

    /// <summary>Whether TLS is configured at all.</summary>
    public bool Enabled => Port is not null || !string.IsNullOrWhiteSpace(Cert) || !string.IsNullOrWhiteSpace(Key);
}
