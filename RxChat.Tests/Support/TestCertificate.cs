using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RxChat.Tests.Support;

/// <summary>
/// A self-signed server certificate made for one test (for <c>localhost</c> and 127.0.0.1,
/// or the names given), written as PEM files into a temporary directory that is removed
/// afterwards — what the README's <c>openssl req</c> command makes for a person.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(string directory, X509Certificate2 certificate)
    {
        Directory = directory;
        Certificate = certificate;
        CertPath = Path.Combine(directory, "cert.pem");
        KeyPath = Path.Combine(directory, "key.pem");
    }

    public string Directory { get; }
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate, PEM: what <c>--tls-cert</c> and the client's <c>--ca</c> take.</summary>
    public string CertPath { get; }

    /// <summary>Its private key, PEM: what <c>--tls-key</c> takes.</summary>
    public string KeyPath { get; }

    /// <summary>The root CA's certificate, PEM, when the certificate was issued by one (<see cref="CreateIssued"/>); else null.</summary>
    public string? CaPath { get; private init; }

    /// <summary>A self-signed certificate for <paramref name="commonName"/> (and 127.0.0.1 for localhost).</summary>
    public static TestCertificate Create(string commonName = "localhost")
    {
        using var key = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        var certificate = ServerRequest(commonName, key).CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var made = new TestCertificate(System.IO.Directory.CreateTempSubdirectory("rxchat-tls-").FullName, certificate);
        File.WriteAllText(made.CertPath, certificate.ExportCertificatePem());
        File.WriteAllText(made.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return made;
    }

    /// <summary>
    /// A certificate for localhost issued the way a real one is: a root CA signs an
    /// intermediate, which signs the server's. The certificate file carries the server's
    /// certificate and the intermediate; <see cref="CaPath"/> holds only the root.
    /// </summary>
    public static TestCertificate CreateIssued()
    {
        var now = DateTimeOffset.UtcNow;
        var (from, until) = (now.AddMinutes(-5), now.AddDays(1));
        using var rootKey = RSA.Create(2048);
        using var root = AuthorityRequest("RxChat Test Root", rootKey).CreateSelfSigned(from, until);
        using var intermediateKey = RSA.Create(2048);
        using var intermediate = AuthorityRequest("RxChat Test Intermediate", intermediateKey)
            .Create(root, from, until, [1]).CopyWithPrivateKey(intermediateKey);
        using var key = RSA.Create(2048);
        var certificate = ServerRequest("localhost", key).Create(intermediate, from, until, [2]);

        var directory = System.IO.Directory.CreateTempSubdirectory("rxchat-tls-").FullName;
        var made = new TestCertificate(directory, certificate) { CaPath = Path.Combine(directory, "ca.pem") };
        File.WriteAllText(made.CertPath, certificate.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n");
        File.WriteAllText(made.KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(made.CaPath, root.ExportCertificatePem());
        return made;
    }

    private static CertificateRequest ServerRequest(string commonName, RSA key)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(commonName);
        if (commonName == "localhost") names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        return request;
    }

    private static CertificateRequest AuthorityRequest(string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    /// <summary>Gives a test server a TLS port (a free one) with this certificate.</summary>
    public void ServeFrom(RxChat.Server.Hosting.ChatServerOptions options)
    {
        options.Tls.Port = 0;
        options.Tls.Cert = CertPath;
        options.Tls.Key = KeyPath;
    }

    /// <summary>A check for a test's TLS client that trusts exactly this certificate.</summary>
    public RemoteCertificateValidationCallback TrustOnlyThis =>
        (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();

    public void Dispose()
    {
        Certificate.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
