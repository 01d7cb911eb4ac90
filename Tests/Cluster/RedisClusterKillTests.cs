using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Cluster;

/// <summary>
/// Three silos configured as the shipped Silo is (Silo/appsettings.json: membership in a real Redis, state in a real
/// PostgreSQL), one of them killed without a goodbye: the survivors write its death into the Redis membership table,
/// and every account that lived on it answers again from a survivor with the balance it had stored — nothing lost.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class RedisClusterKillTests(ITestOutputHelper output)
{
    private const int Accounts = 24;

    [Fact]
    public async Task AKilledSiloIsDeclaredDeadInRedisAndItsAccountsAnswerFromTheSurvivors()
    {
        await using var backend = await BackendCluster.StartAsync(silos: 3);
        var cluster = backend.Cluster;

        // The shipped failure detection is what the silos run: three missed one-second probes, under the 5 s promise.
        var membership = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(1), membership.ProbeTimeout);
        Assert.Equal(3, membership.NumMissedProbesLimit);
        Assert.True(membership.ProbeTimeout * membership.NumMissedProbesLimit < TimeSpan.FromSeconds(5));

        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var where = new Dictionary<string, SiloAddress>();
        for (var i = 0; i < Accounts; i++)
        {
            var account = cluster.Client.GetGrain<IAccountGrain>($"kill-{i}");
            await account.Open("owner", "EUR");
            await account.Deposit(new MoneyCommand("owner", $"first-{i}", $"first-{i}", 100 + i, null));
            where[$"kill-{i}"] = await management.GetActivationAddress(account) ?? throw new InvalidOperationException($"kill-{i} has no activation");
        }

        var victim = cluster.SecondarySilos.Select(s => s.SiloAddress).MaxBy(s => where.Values.Count(v => v.Equals(s)))!;
        var orphans = where.Where(w => w.Value.Equals(victim)).Select(w => w.Key).ToList();
        Assert.NotEmpty(orphans);
        Assert.Equal((int)SiloStatus.Active, (await MembershipRowsAsync(backend))[victim.ToParsableString()]);

        var killed = Stopwatch.StartNew();
        await cluster.KillSiloAsync(cluster.GetSiloForAddress(victim)!);
        await Eventually.True(
            async () => (await MembershipRowsAsync(backend)).GetValueOrDefault(victim.ToParsableString()) == (int)SiloStatus.Dead,
            "the survivors declare the killed silo dead in Redis",
            TimeSpan.FromSeconds(60));
        output.WriteLine($"{victim} dead in Redis {killed.ElapsedMilliseconds} ms after the kill; it hosted {orphans.Count} of {Accounts} accounts");

        var rows = await MembershipRowsAsync(backend);
        foreach (var survivor in cluster.Silos.Where(s => !s.SiloAddress.Equals(victim)))
        {
            Assert.Equal((int)SiloStatus.Active, rows[survivor.SiloAddress.ToParsableString()]);
        }

        // Every account, the orphans first, keeps its stored balance and takes a new deposit on a survivor.
        foreach (var id in orphans.Concat(where.Keys.Except(orphans)))
        {
            var i = int.Parse(id["kill-".Length..]);
            var account = cluster.Client.GetGrain<IAccountGrain>(id);
            MoneyResult? result = null;
            await Eventually.True(
                async () =>
                {
                    try
                    {
                        result = await account.Deposit(new MoneyCommand("owner", $"second-{i}", $"second-{i}", 1, null));
                        return true;
                    }
                    catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
                    {
                        return false; // a call routed to the dead silo before the survivors' directories learned of it
                    }
                },
                $"{id} answers after the kill",
                TimeSpan.FromSeconds(60));

            Assert.Equal(MoneyOutcome.Applied, result!.Outcome);
            var snapshot = await account.Get();
            Assert.Equal(100 + i + 1, snapshot!.Balance);
            Assert.NotEqual(victim, await management.GetActivationAddress(account));
        }
    }

    /// <summary>
    /// The newest row per silo address in Orleans' Redis membership hash ("&lt;service&gt;/members/&lt;cluster&gt;"):
    /// address ("ip:port@generation") → SiloStatus, read straight from Redis.
    /// </summary>
    private static async Task<Dictionary<string, int>> MembershipRowsAsync(BackendCluster backend)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var rows = await redis.GetDatabase().HashGetAllAsync($"{backend.Cluster.Options.ServiceId}/members/{backend.Cluster.Options.ClusterId}");
        var statuses = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            if (row.Value.IsNullOrEmpty || !row.Value.ToString().StartsWith('{'))
            {
                continue; // the table's version field
            }

            using var json = JsonDocument.Parse(row.Value.ToString());
            var address = json.RootElement.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!;
            statuses[address] = json.RootElement.GetProperty("Status").GetInt32();
        }

        return statuses;
    }
}
