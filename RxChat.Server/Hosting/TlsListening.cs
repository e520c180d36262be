using Microsoft.Extensions.Logging;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>From the operator's TLS settings to the TLS step every TLS connection takes.</summary>
internal static class TlsListening
{
    /// <summary>The TLS step, or null when TLS is off.</summary>
    /// <exception cref="TlsSetupException">The settings cannot be used; the message says why in one line.</exception>
    public static ServerTls? Load(ChatServerOptions options, ILogger? logger = null)
    {
        var tls = options.Tls;
        if (!tls.Enabled) return null;
        if (string.IsNullOrWhiteSpace(tls.Cert) || string.IsNullOrWhiteSpace(tls.Key))
            throw new TlsSetupException("TLS needs both a certificate and its key (--tls-cert and --tls-key)");
        return ServerTls.FromPemFiles(tls.Cert, tls.Key, options.LoginTimeout, logger);
    }
}
