using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace OrleansBackend.Hosting.Security;

/// <summary>
/// The cluster CA and this node's certificate, loaded and checked once at start-up, and the test every peer's
/// certificate must pass: its chain builds to the cluster CA, and to nothing else. Host names are not checked — silos
/// are addressed by IP and membership, and the CA is the cluster's own, so being issued by it is what admits a peer.
/// </summary>
internal sealed class ClusterCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private ClusterCertificates(X509Certificate2 authority, X509Certificate2 local)
    {
        Authority = authority;
        Local = local;
    }

    /// <summary>The cluster CA: the only trust anchor for peers.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Local { get; }

    /// <summary>
    /// The certificates <paramref name="configuration"/> configures (<see cref="ClusterTlsOptions"/>), or <c>null</c> when
    /// the cluster wire stays in the clear: TLS is disabled, or this is not cluster mode and no certificate is configured.
    /// Throws with the key to fix when cluster mode has no certificates or they are unusable. A silo
    /// (<paramref name="silo"/>) is client and server of its connections; a cluster client only a client.
    /// </summary>
    public static ClusterCertificates? FromConfiguration(IConfiguration configuration, bool silo)
    {
        var options = Options(configuration);
        if (!options.Enabled)
        {
            return null;
        }

        var clustering = configuration["Orleans:Clustering:ProviderType"];
        if (!IsClusterMode(configuration) && string.IsNullOrWhiteSpace(options.CaCertificate) && string.IsNullOrWhiteSpace(options.Certificate))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.CaCertificate) || string.IsNullOrWhiteSpace(options.Certificate))
        {
            throw Problem(
                $"{Key(nameof(ClusterTlsOptions.CaCertificate))} and {Key(nameof(ClusterTlsOptions.Certificate))} must both be set: in cluster mode "
                + $"(Orleans:Clustering:ProviderType={clustering}) every silo and client authenticates with a certificate issued by the cluster CA "
                + $"(see the README, \"Mutual TLS on the cluster wire\"). {Key(nameof(ClusterTlsOptions.Enabled))}=false turns this off and leaves "
                + "the cluster open to anything that reaches its ports (insecure).");
        }

        var authority = LoadAuthority(options.CaCertificate);
        var local = LoadLocal(options);
        var certificates = new ClusterCertificates(authority, local);
        if (certificates.ChainProblem(local, presented: null) is { } reason)
        {
            throw Problem($"{Key(nameof(ClusterTlsOptions.Certificate))} ({local.Subject}) is not issued by the CA in {Key(nameof(ClusterTlsOptions.CaCertificate))} ({authority.Subject}): {reason}.");
        }

        RequireUsage(local, ClientAuthentication, "clientAuth");
        if (silo)
        {
            RequireUsage(local, ServerAuthentication, "serverAuth");
        }

        return certificates;
    }

    /// <summary>True when <paramref name="configuration"/> is a cluster-mode node's that turned TLS off.</summary>
    public static bool IsTurnedOffInClusterMode(IConfiguration configuration) => !Options(configuration).Enabled && IsClusterMode(configuration);

    /// <summary>Why <paramref name="peer"/> is not admitted, or <c>null</c> when its chain builds to the cluster CA.</summary>
    public string? Refusal(X509Certificate2 peer, X509Chain? presented) =>
        ChainProblem(peer, presented) is { } problem
            ? $"certificate '{peer.Subject}' (issuer '{peer.Issuer}') is not issued by the cluster CA '{Authority.Subject}' ({problem})"
            : null;

    /// <summary>What keeps <paramref name="certificate"/>'s chain from building to the cluster CA, or <c>null</c>.</summary>
    private string? ChainProblem(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (presented is not null)
        {
            // Intermediates the peer sent may complete the chain; only the cluster CA can anchor it.
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Authority.RawDataMemory.Span))
        {
            return null;
        }

        var status = chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct().ToList();
        return status.Count > 0 ? string.Join("; ", status) : "the chain ends at another root";
    }

    private static ClusterTlsOptions Options(IConfiguration configuration) =>
        configuration.GetSection(ClusterTlsOptions.SectionName).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();

    /// <summary>A node of a cluster: its membership is anything but the single-process Development provider.</summary>
    private static bool IsClusterMode(IConfiguration configuration) =>
        configuration["Orleans:Clustering:ProviderType"] is { Length: > 0 } clustering && !clustering.Equals("Development", StringComparison.OrdinalIgnoreCase);

    private static X509Certificate2 LoadAuthority(string path)
    {
        var authority = Read(path, Key(nameof(ClusterTlsOptions.CaCertificate)), file =>
        {
            var text = File.ReadAllText(file);
            return text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(file);
        });
        if (authority.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            throw Problem($"{Key(nameof(ClusterTlsOptions.CaCertificate))} ({path}) is not a CA certificate ({authority.Subject} has no basicConstraints CA:TRUE).");
        }

        return authority;
    }

    private static X509Certificate2 LoadLocal(ClusterTlsOptions options)
    {
        var path = options.Certificate!;
        var key = Key(nameof(ClusterTlsOptions.Certificate));
        if (!string.IsNullOrWhiteSpace(options.PrivateKey) && !File.Exists(options.PrivateKey))
        {
            throw Problem($"{Key(nameof(ClusterTlsOptions.PrivateKey))}: there is no file '{Path.GetFullPath(options.PrivateKey)}'.");
        }

        var local = Read(path, key, file =>
        {
            var extension = Path.GetExtension(file);
            if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(file, options.CertificatePassword);
            }

            var text = File.ReadAllText(file);
            var keyText = string.IsNullOrWhiteSpace(options.PrivateKey) ? text : File.ReadAllText(options.PrivateKey);
            if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                return X509Certificate2.CreateFromPem(text);
            }

            return X509Certificate2.CreateFromPem(text, keyText);
        });
        if (!local.HasPrivateKey)
        {
            throw Problem($"{key} ({path}) has no private key: put it in the same PEM file, or name its file in {Key(nameof(ClusterTlsOptions.PrivateKey))}.");
        }

        return local;
    }

    private static X509Certificate2 Read(string path, string key, Func<string, X509Certificate2> load)
    {
        if (!File.Exists(path))
        {
            throw Problem($"{key}: there is no file '{Path.GetFullPath(path)}'.");
        }

        try
        {
            return load(path);
        }
        catch (CryptographicException e)
        {
            throw Problem($"{key} ({path}) cannot be read as a certificate: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw Problem($"{key} ({path}) cannot be read as a certificate: {e.Message}");
        }
    }

    private static void RequireUsage(X509Certificate2 certificate, string oid, string name)
    {
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usages
            && !usages.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == oid))
        {
            throw Problem($"{Key(nameof(ClusterTlsOptions.Certificate))} ({certificate.Subject}) limits its extended key usage and leaves out {name}, which this node needs.");
        }
    }

    private static string Key(string property) => $"{ClusterTlsOptions.SectionName}:{property}";

    private static InvalidOperationException Problem(string message) => new($"Cluster TLS: {message}");
}
