using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Testing;

/// <summary>Configures every silo of a <see cref="TestCluster"/>.</summary>
public interface ISiloConfigurator
{
    /// <summary>Configures one silo.</summary>
    void Configure(ISiloBuilder siloBuilder);
}
