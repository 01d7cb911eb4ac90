using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansBackend.Bench.Processes;

namespace OrleansBackend.Bench.Cluster;

/// <summary>
/// Gives the silos of a <see cref="TestCluster"/> the failure-detection settings the Silo ships with
/// (<c>Orleans:Membership</c> of Silo/appsettings.json, read from the repository so the figure follows the file), or
/// leaves Orleans' defaults when the cluster's property <see cref="ModeKey"/> is <c>orleans-default</c>. (A silo in
/// another process gets the test cluster's properties as configuration, not this process's statics.)
/// </summary>
public sealed class ShippedMembership : ISiloConfigurator
{
    /// <summary>The test cluster property that chooses the settings: <c>shipped</c> or <c>orleans-default</c>.</summary>
    public const string ModeKey = "BenchMembership";

    /// <summary>Silo/appsettings.json's membership section.</summary>
    public static IConfigurationSection Section() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepoPaths.Root, "Silo", "appsettings.json"), optional: false)
        .Build()
        .GetSection("Orleans:Membership");

    /// <inheritdoc />
    public void Configure(ISiloBuilder siloBuilder)
    {
        if (siloBuilder.Configuration[ModeKey] != "orleans-default")
        {
            siloBuilder.Services.AddOptions<ClusterMembershipOptions>().Bind(Section());
        }
    }
}
