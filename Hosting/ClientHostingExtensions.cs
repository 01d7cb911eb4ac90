using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Dashboard;
using Orleans.Hosting;
using OrleansBackend.Hosting.Resilience;
using OrleansBackend.Hosting.Security;

namespace OrleansBackend.Hosting;

/// <summary>
/// Turns configuration into a cluster client: Orleans binds the <c>Orleans</c> section (ClusterId, ServiceId, Clustering,
/// Messaging, Gateway); the client retries the calls a stopping silo rejected (<see cref="RejectedCallRetryFilter"/>), and
/// in cluster mode reaches the gateways over mutual TLS (<c>Orleans:Tls</c>, <see cref="ClusterTlsOptions"/>).
/// </summary>
public static class ClientHostingExtensions
{
    /// <summary>Connects this process to the cluster as a client (the Api in cluster mode).</summary>
    public static IHostApplicationBuilder AddBackendClient(this IHostApplicationBuilder builder, Action<IClientBuilder>? configure = null)
    {
        builder.UseOrleansClient(client =>
        {
            client.UseClusterTls(builder.Configuration);
            client.AddActivityPropagation();
            client.AddDashboard();
            client.AddOutgoingGrainCallFilter<RejectedCallRetryFilter>();
            client.Services.AddDatabaseExceptionSerialization();
            configure?.Invoke(client);
        });
        return builder;
    }
}
