namespace OrleansBackend.Hosting.Security;

/// <summary>
/// Mutual TLS on the cluster wire (configuration section <c>Orleans:Tls</c>): every silo-to-silo and client-to-gateway
/// connection is TLS, and both ends must hold a certificate issued by the cluster's CA. Required in cluster mode (any
/// <c>Orleans:Clustering:ProviderType</c> but <c>Development</c>); the embedded mode needs none.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Orleans:Tls";

    /// <summary>
    /// <c>true</c> (the default): TLS wherever certificates are configured, and certificates are required in cluster
    /// mode. <c>false</c> runs the cluster wire in the clear and unauthenticated, so that anything reaching a silo or
    /// gateway port can join the cluster or call grains — insecure, for a network nothing else can reach.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The cluster CA's certificate (PEM or DER file): peers must present a certificate issued by it.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>
    /// This node's certificate, issued by the CA: a PEM file (with its private key in the same file or in
    /// <see cref="PrivateKey"/>), or a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>, with <see cref="CertificatePassword"/>).
    /// A silo's serves both ends of a connection, so if it names extended key usages it needs serverAuth and clientAuth.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of <see cref="Certificate"/> when it is not in the certificate's file.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="Certificate"/>; set it through the environment, never in a file.</summary>
    public string? CertificatePassword { get; set; }
}
