using OrleansBackend.Grains.Hosting;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Testing;

namespace OrleansBackend.Tests.Grains;

/// <summary>A test cluster running the backend's grains (single silo for now).</summary>
public sealed class BackendClusterFixture : IAsyncLifetime
{
    /// <summary>The balance limit of this cluster's accounts, low enough to reach in a test.</summary>
    public const long MaxBalance = 1_000_000;

    public TestCluster Cluster { get; } = new TestClusterBuilder(1)
        .WithConfiguration("Accounts:MaxBalance", MaxBalance.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .ConfigureSilo(silo => silo.AddBackendGrains())
        .Build();

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
}
