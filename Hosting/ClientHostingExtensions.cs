using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace OrleansBackend.Hosting;

/// <summary>
/// Turns configuration into a cluster client: Orleans binds the <c>Orleans</c> section (ClusterId, ServiceId,
/// Clustering, Messaging, Gateway); the silo-only sections are hidden from it (<see cref="ClientConfiguration"/>).
/// </summary>
public static class ClientHostingExtensions
{
    /// <summary>Connects this process to the cluster as a client (the Api in cluster mode).</summary>
    public static IHostApplicationBuilder AddBackendClient(this IHostApplicationBuilder builder, Action<IClientBuilder>? configure = null)
    {
        builder.Services.AddOrleansClient(ClientConfiguration.For(builder.Configuration), client =>
        {
            client.AddActivityPropagation();
            client.AddDashboard();
            configure?.Invoke(client);
        });
        return builder;
    }
}
