using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace OrleansBackend.Hosting.Security;

/// <summary>
/// Mutual TLS on the cluster wire from configuration (<see cref="ClusterTlsOptions"/>, section <c>Orleans:Tls</c>),
/// through Microsoft.Orleans.Connections.Security: on silo-to-silo connections both ways and on gateway connections.
/// </summary>
public static class ClusterTlsHostingExtensions
{
    /// <summary>
    /// TLS on the silo's listeners and on its connections to other silos, when <paramref name="configuration"/> asks for
    /// it or the silo is in cluster mode; throws, naming the key, when cluster mode has no usable certificates.
    /// </summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (ClusterCertificates.FromConfiguration(configuration, silo: true) is not { } certificates)
        {
            WarnIfTurnedOff(silo.Services, configuration);
            return silo;
        }

        var tls = TlsConnectionAudit.Options(certificates);
        silo.Services.Configure<SiloConnectionOptions>(options =>
        {
            options.ConfigureSiloInboundConnection(builder => TlsConnectionAudit.Inbound(builder, tls));
            options.ConfigureGatewayInboundConnection(builder => TlsConnectionAudit.Inbound(builder, tls));
            options.ConfigureSiloOutboundConnection(builder => TlsConnectionAudit.Outbound(builder, tls));
        });
        return silo;
    }

    /// <summary>
    /// TLS on the client's connections to gateways, when <paramref name="configuration"/> asks for it or the client is
    /// in cluster mode; throws, naming the key, when cluster mode has no usable certificates.
    /// </summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, IConfiguration configuration)
    {
        if (ClusterCertificates.FromConfiguration(configuration, silo: false) is not { } certificates)
        {
            WarnIfTurnedOff(client.Services, configuration);
            return client;
        }

        var tls = TlsConnectionAudit.Options(certificates);
        client.Services.Configure<ClientConnectionOptions>(options => options.ConfigureConnection(builder => TlsConnectionAudit.Outbound(builder, tls)));
        return client;
    }

    private static void WarnIfTurnedOff(IServiceCollection services, IConfiguration configuration)
    {
        if (ClusterCertificates.IsTurnedOffInClusterMode(configuration))
        {
            services.AddHostedService<InsecureClusterWireWarning>();
        }
    }
}
