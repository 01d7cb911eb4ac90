using OrleansBackend.Grains.Hosting;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Testing;

namespace OrleansBackend.Tests.Grains;

/// <summary>A 3-silo test cluster over loopback TCP running the backend's grains: calls cross silos as in production.</summary>
public sealed class BackendClusterFixture : IAsyncLifetime
{
    /// <summary>The balance limit of this cluster's accounts, low enough to reach in a test.</summary>
    public const long MaxBalance = 1_000_000;

    public TestCluster Cluster { get; } = new TestClusterBuilder(3)
        .WithConfiguration("Accounts:MaxBalance", MaxBalance.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .ConfigureSilo(silo => silo.AddBackendGrains())
        .Build();

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        await Cluster.DeployAsync();
        await Cluster.WaitForLivenessToStabilizeAsync();
    }

    public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
}
