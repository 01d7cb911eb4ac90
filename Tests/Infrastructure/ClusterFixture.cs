using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Testing;

namespace OrleansBackend.Tests.Infrastructure;

/// <summary>A single-silo test cluster shared by the tests of one class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(1).Build();

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
}

/// <summary>Looks inside a silo's runtime (tests only).</summary>
public static class SiloInspection
{
    internal static ActivationCatalog Catalog(this SiloHandle silo) => silo.Services.GetRequiredService<ActivationCatalog>();

    internal static ActivationData Activation(this SiloHandle silo, IAddressable grain) =>
        silo.Catalog().TryGet(grain.GetGrainId(), out var activation)
            ? activation
            : throw new InvalidOperationException($"{grain.GetGrainId()} has no activation on {silo.Name}.");

    internal static bool HasActivation(this SiloHandle silo, IAddressable grain) => silo.Catalog().TryGet(grain.GetGrainId(), out _);
}
