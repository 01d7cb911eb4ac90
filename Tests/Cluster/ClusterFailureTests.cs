using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Cluster;

public sealed class ClusterFailureTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new TestClusterBuilder(3).Build();
    private readonly ITestOutputHelper _output;

    public ClusterFailureTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task KilledSiloIsDetectedAndItsGrainsAnswerFromElsewhere()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        var keys = Enumerable.Range(0, 300).Select(i => (long)i).ToList();
        await using var load = new LoadLoop(_cluster.GrainFactory, keys);
        await load.WaitForMoreSuccessesAsync(500, TimeSpan.FromSeconds(30));

        var victim = _cluster.Silos[1];
        var victimAddress = victim.Address!;
        var watch = Stopwatch.StartNew();
        await _cluster.KillSiloAsync(victim);
        await Eventually.True(
            () => _cluster.Silos.All(s => s.Services.GetRequiredService<ClusterMembershipView>().Current.IsDeadOrUnknown(victimAddress)),
            "every surviving silo sees the killed silo as dead");
        _output.WriteLine($"Killed silo declared dead in every view after {watch.ElapsedMilliseconds} ms");

        // Calls succeed again after detection, for every grain including the killed silo's.
        await _cluster.WaitForLivenessToStabilizeAsync();
        await load.WaitForMoreSuccessesAsync(1000, TimeSpan.FromSeconds(30));
        var locations = await Task.WhenAll(keys.Select(k => _cluster.GrainFactory.GetGrain<ILocatorGrain>(k).Locate()));
        Assert.DoesNotContain(locations, l => l.Silo == victim.Name);

        // Every call that failed failed fast with a clear exception, never a timeout.
        Assert.All(load.Failures, f => Assert.IsType<SiloUnavailableException>(f));
        _output.WriteLine($"{load.Succeeded} calls succeeded, {load.Failures.Count} failed with SiloUnavailableException");

        // And no grain has two activations.
        foreach (var key in keys)
        {
            Assert.True(_cluster.Silos.Count(s => s.HasActivation(_cluster.GrainFactory.GetGrain<ILocatorGrain>(key))) <= 1);
        }
    }

    [Fact]
    public async Task GracefulStopUnderLoadFailsNoCall()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        var keys = Enumerable.Range(10_000, 300).Select(i => (long)i).ToList();
        await using var load = new LoadLoop(_cluster.GrainFactory, keys);
        await load.WaitForMoreSuccessesAsync(500, TimeSpan.FromSeconds(30));

        await _cluster.StopSiloAsync(_cluster.Silos[0]);
        await _cluster.WaitForLivenessToStabilizeAsync();
        await load.WaitForMoreSuccessesAsync(1000, TimeSpan.FromSeconds(30));

        ReportFailures(load);
        Assert.Empty(load.Failures);
    }

    [Fact]
    public async Task RollingRestartUnderLoadFailsNoCall()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        var keys = Enumerable.Range(20_000, 300).Select(i => (long)i).ToList();
        await using var load = new LoadLoop(_cluster.GrainFactory, keys);
        await load.WaitForMoreSuccessesAsync(500, TimeSpan.FromSeconds(30));

        foreach (var silo in _cluster.Silos.ToList())
        {
            await _cluster.RestartSiloAsync(silo);
            await _cluster.WaitForLivenessToStabilizeAsync();
            await load.WaitForMoreSuccessesAsync(300, TimeSpan.FromSeconds(30));
        }

        ReportFailures(load);
        Assert.Empty(load.Failures);
    }

    [Fact]
    public async Task ColdRestartAfterEverySiloWasKilledIsNotStalledByTheirRows()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        await _cluster.GrainFactory.GetGrain<ILocatorGrain>(7).Write();
        await Task.WhenAll(_cluster.Silos.ToList().Select(_cluster.KillSiloAsync));

        // Rows of killed silos still say Active (the last one to die had nobody left to vote it dead): the new
        // silos must not wait for them.
        var table = await _cluster.MembershipTable.ReadAllAsync(CancellationToken.None);
        Assert.Contains(table.Entries, r => r.Entry.Status == SiloStatus.Active);

        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _cluster.StartAdditionalSiloAsync()));
        await _cluster.WaitForLivenessToStabilizeAsync();
        _output.WriteLine($"Cold restart of 3 silos took {started.ElapsedMilliseconds} ms");

        Assert.Equal(2, await _cluster.GrainFactory.GetGrain<ILocatorGrain>(7).Write());
        table = await _cluster.MembershipTable.ReadAllAsync(CancellationToken.None);
        Assert.Equal(3, table.Entries.Count(r => r.Entry.Status == SiloStatus.Dead));
        Assert.Equal(3, table.Entries.Count(r => r.Entry.Status == SiloStatus.Active));
    }

    [Fact]
    public async Task SiloDeclaredDeadStopsServingAndARestartJoinsWithANewGeneration()
    {
        await _cluster.WaitForLivenessToStabilizeAsync();
        var victim = _cluster.Silos[2];
        var address = victim.Address!;
        var table = await _cluster.MembershipTable.ReadAllAsync(CancellationToken.None);
        var row = table.Entries.Single(r => r.Entry.Address == address);

        // The others declare it dead while it still runs (a false suspicion, a partition…).
        Assert.True(await _cluster.MembershipTable.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.Etag, table.Version, CancellationToken.None));

        var runtime = victim.Services.GetRequiredService<ClusterSiloRuntime>();
        await Eventually.True(() => runtime.IsKilled, "the dead silo stops itself");
        await _cluster.KillSiloAsync(victim);
        var restarted = await _cluster.StartAdditionalSiloAsync();
        await _cluster.WaitForLivenessToStabilizeAsync();

        Assert.NotEqual(address, restarted.Address);
        var locations = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => _cluster.GrainFactory.GetGrain<ILocatorGrain>(i).Locate()));
        Assert.DoesNotContain(locations, l => l.Silo == victim.Name);
    }

    private void ReportFailures(LoadLoop load)
    {
        foreach (var group in load.Failures.GroupBy(f => $"{f.GetType().Name}: {f.Message}"))
        {
            _output.WriteLine($"{group.Count()} × {group.Key}");
        }
    }
}
