using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Client;

/// <summary>Configures a cluster client: its membership table and configuration.</summary>
public interface IClientBuilder : IRuntimeBuilder
{
}
