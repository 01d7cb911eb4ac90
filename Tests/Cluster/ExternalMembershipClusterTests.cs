using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Membership.Postgres;
using OrleansBackend.Runtime.Membership.Redis;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Cluster;

/// <summary>
/// Three silos over loopback TCP whose membership lives in the real Redis or PostgreSQL that scripts/test.sh
/// starts: calls reach every silo, a killed silo is voted dead in that table, and its grains answer from the others.
/// </summary>
public sealed class ExternalMembershipClusterTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("redis")]
    [InlineData("postgres")]
    public async Task AClusterOnTheExternalTableServesAndSurvivesAKill(string provider)
    {
        var builder = new TestClusterBuilder(3);
        builder.ConfigureSilo(silo => UseTable(silo, provider)).ConfigureClient(client => UseTable(client, provider));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        await cluster.WaitForLivenessToStabilizeAsync();

        var keys = Enumerable.Range(0, 150).Select(i => (long)i).ToList();
        var before = await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<ILocatorGrain>(k).Locate()));
        Assert.Equal(3, before.Select(l => l.Silo).Distinct().Count());

        var victim = cluster.Silos[2];
        var victimAddress = victim.Address!;
        var watch = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        var table = cluster.Silos[0].Services.GetRequiredService<IMembershipTable>();
        await Eventually.True(
            async () => (await table.ReadAllAsync(CancellationToken.None)).Entries.Any(e => e.Entry.Address == victimAddress && e.Entry.Status == SiloStatus.Dead),
            $"the {provider} table records the killed silo as dead");
        output.WriteLine($"{provider}: killed silo written Dead after {watch.ElapsedMilliseconds} ms");

        await cluster.WaitForLivenessToStabilizeAsync();
        var after = await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<ILocatorGrain>(k).Locate()));
        Assert.DoesNotContain(after, l => l.Silo == victim.Name);
        foreach (var key in keys)
        {
            Assert.Equal(1, cluster.Silos.Count(s => s.HasActivation(cluster.GrainFactory.GetGrain<ILocatorGrain>(key))));
        }
    }

    private static void UseTable<TBuilder>(TBuilder builder, string provider)
        where TBuilder : OrleansBackend.Runtime.Hosting.IRuntimeBuilder
    {
        if (provider == "redis")
        {
            builder.UseRedisClustering(TestServers.Redis);
        }
        else
        {
            builder.UsePostgresClustering(TestServers.Postgres);
        }
    }
}
