using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansBackend.Tests.Infrastructure;

/// <summary>
/// A throwaway certificate authority made in-process (no openssl), its PEM files in a folder of this test run: what
/// <c>scripts/cluster.sh up</c> makes with openssl for a local cluster. <see cref="Cluster"/> is the CA of every test
/// cluster; <see cref="Foreign"/> one the clusters do not trust.
/// </summary>
public sealed class TestCertificateAuthority
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"orleansbackend-tls-{Environment.ProcessId}");

    private readonly ConcurrentDictionary<string, string> _issued = new(StringComparer.Ordinal);
    private readonly X509Certificate2 _authority;
    private readonly string _directory;

    private TestCertificateAuthority(string name)
    {
        _directory = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveFiles();

        // Not disposed: the CA certificate keeps signing with it.
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=OrleansBackend {name} test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaFile = Path.Combine(_directory, "ca.pem");
        File.WriteAllText(CaFile, _authority.ExportCertificatePem());
    }

    /// <summary>The CA of the test clusters.</summary>
    public static TestCertificateAuthority Cluster { get; } = new("cluster");

    /// <summary>A CA the test clusters do not trust.</summary>
    public static TestCertificateAuthority Foreign { get; } = new("foreign");

    /// <summary>The CA's certificate (PEM).</summary>
    public string CaFile { get; }

    /// <summary>
    /// The settings (<c>Orleans:Tls</c>) of a node that trusts this CA and holds a certificate <paramref name="node"/>
    /// issued by it.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings(string node = "node") => new Dictionary<string, string?>
    {
        ["Orleans:Tls:CaCertificate"] = CaFile,
        ["Orleans:Tls:Certificate"] = Issue(node),
    };

    /// <summary>The PEM file (certificate, then its private key) of a node certificate <paramref name="node"/> for silo and client use.</summary>
    public string Issue(string node) => _issued.GetOrAdd(node, name =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.Create(_authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(16));
        var file = Path.Combine(_directory, $"{name}.pem");
        File.WriteAllText(file, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        return file;
    });

    private static void RemoveFiles()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Already gone (both authorities clean the same folder), or held: the temporary folder is cleaned eventually.
        }
    }

    /// <summary>The certificate <paramref name="node"/> with its private key, for a host configured in code.</summary>
    public X509Certificate2 Load(string node) => X509Certificate2.CreateFromPemFile(Issue(node));
}
