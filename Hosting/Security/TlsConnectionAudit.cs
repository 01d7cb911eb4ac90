using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Connections.Security;

namespace OrleansBackend.Hosting.Security;

/// <summary>
/// Puts Orleans' TLS middleware (Microsoft.Orleans.Connections.Security) on one kind of connection, between two small
/// middlewares of ours, so that every refused peer is logged with its address and the reason: Orleans' middleware
/// swallows a failed handshake (it logs only "Authentication failed") and closes the connection before any Orleans
/// message is read or written.
/// </summary>
internal static partial class TlsConnectionAudit
{
    // The validation callback of SslStream gets no connection; the handshake runs in the async flow of the connection's
    // pipeline, so the attempt travels with it.
    private static readonly AsyncLocal<Attempt?> CurrentAttempt = new();

    /// <summary>Orleans' TLS options for this node: both ends present a certificate, and only the cluster CA's are admitted.</summary>
    public static TlsOptions Options(ClusterCertificates certificates) => new()
    {
        LocalCertificate = certificates.Local,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = (certificate, chain, _) => Admit(certificates, certificate, chain),
    };

    /// <summary>TLS as the accepting end (silo and gateway listeners).</summary>
    public static void Inbound(IConnectionBuilder builder, TlsOptions options) =>
        Wrap(builder, "from", () => builder.UseServerTls(options));

    /// <summary>TLS as the connecting end (a silo's connections to silos, a client's to gateways).</summary>
    public static void Outbound(IConnectionBuilder builder, TlsOptions options) =>
        Wrap(builder, "to", () => builder.UseClientTls(options));

    private static void Wrap(IConnectionBuilder builder, string direction, Action useTls)
    {
        var logger = builder.ApplicationServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(TlsConnectionAudit).FullName!) ?? NullLogger.Instance;
        builder.Use(next => async connection =>
        {
            var attempt = new Attempt();
            CurrentAttempt.Value = attempt;
            await next(connection);
            if (!attempt.Authenticated)
            {
                LogRefused(logger, direction, connection.RemoteEndPoint, attempt.Refusal ?? "no TLS session: the peer sent no certificate, refused this node's, or does not speak TLS");
            }
        });
        useTls();
        builder.Use(next => connection =>
        {
            // Reached only once the handshake succeeded: the rest of the connection's life runs inside this call.
            if (CurrentAttempt.Value is { } attempt)
            {
                attempt.Authenticated = true;
            }

            return next(connection);
        });
    }

    private static bool Admit(ClusterCertificates certificates, X509Certificate2 peer, X509Chain? presented)
    {
        var refusal = certificates.Refusal(peer, presented);
        if (refusal is not null && CurrentAttempt.Value is { } attempt)
        {
            attempt.Refusal = refusal;
        }

        return refusal is null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "TLS: refused the connection {Direction} {Remote}: {Reason}; no grain message was exchanged")]
    private static partial void LogRefused(ILogger logger, string direction, EndPoint? remote, string reason);

    private sealed class Attempt
    {
        public bool Authenticated { get; set; }

        public string? Refusal { get; set; }
    }
}
