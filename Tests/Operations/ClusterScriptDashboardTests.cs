using System.Net;
using System.Text.Json;
using OrleansBackend.Runtime.Diagnostics.Prometheus;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Operations;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterScriptCollection
{
    /// <summary>Tests that start real processes with scripts/cluster.sh: they run alone, after the others.</summary>
    public const string Name = "cluster.sh";
}

/// <summary>
/// The dashboard end to end: a live cluster of three silo processes and an Api process started with
/// scripts/cluster.sh, shown in headless Chromium while traffic flows, a silo killed and one added.
/// </summary>
[Collection(ClusterScriptCollection.Name)]
public sealed class ClusterScriptDashboardTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OperatorToken = "cluster-sh-operator-token-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly ClusterScript _script = new(OperatorToken);

    public async Task InitializeAsync() => await _script.RunAsync(TimeSpan.FromMinutes(5), "up", "--silos", "3", "--apis", "1");

    public async Task DisposeAsync()
    {
        await _script.RunAsync(TimeSpan.FromMinutes(2), "down", "--wipe");
    }

    [Fact]
    public async Task TheDashboardShowsALiveThreeSiloClusterStartedWithClusterSh()
    {
        var status = await _script.StatusAsync();
        var silos = status.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(3, silos.Count);
        Assert.All(silos, s => Assert.Equal("Active", s.GetProperty("status").GetString()));
        var api = new Uri(status.GetProperty("apis")[0].GetProperty("url").GetString()! + "/");
        using var http = new HttpClient { BaseAddress = api };
        var client = new ApiClient(http);
        var users = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.NewUserAsync($"dash{i}")));
        var accounts = await Task.WhenAll(users.Select(async u => (u, (await client.PostAsync("/v1/accounts", """{"currency":"EUR"}""", u.Token)).Id)));
        using var stopTraffic = new CancellationTokenSource();
        var traffic = GenerateTrafficAsync(client, accounts, stopTraffic.Token);

        // Real processes: their /metrics pass promtool too.
        await Promtool.AssertValidMetricsAsync(await http.GetStringAsync("metrics"), "the Api process");
        var managementPort = silos[0].GetProperty("managementPort").GetInt32();
        using var management = new HttpClient();
        await Promtool.AssertValidMetricsAsync(await management.GetStringAsync($"http://127.0.0.1:{managementPort}/metrics"), "the silo-0 process");

        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync($"{api}dashboard?interval=1000#token={Uri.EscapeDataString(OperatorToken)}");
        await browser.WaitUntilAsync(DashboardScript.LiveCluster(3), "the dashboard shows three active silos with activations and calls", Patience);
        await DashboardScreenshot.AssertShowsSilosAsync(browser, output, "cluster-sh-3-silos.png", minimumPixels: 400);

        await _script.RunAsync(TimeSpan.FromMinutes(1), "kill-silo", "silo-2");
        await browser.WaitUntilAsync(DashboardScript.SiloDied("silo-2", activeSilos: 2), "the dashboard shows silo-2 dead and the others taking over", Patience);

        await _script.RunAsync(TimeSpan.FromMinutes(2), "add-silo");
        await browser.WaitUntilAsync(DashboardScript.SiloJoined("silo-3", activeSilos: 3), "the dashboard shows silo-3 joining", Patience);
        await browser.WaitUntilAsync(DashboardScript.UpdatesSinceNow(await browser.EvaluateAsync(DashboardScript.Updates), 8), "the charts have a few points of silo-3", Patience);
        await DashboardScreenshot.AssertShowsSilosAsync(browser, output, "cluster-sh-after-kill-and-add.png", minimumPixels: 250);

        var cluster = await client.GetAsync("/v1/cluster", OperatorToken);
        Assert.Equal(HttpStatusCode.OK, cluster.Status);
        Assert.Contains(cluster.Json.GetProperty("silos").EnumerateArray(), s => s.GetProperty("name").GetString() == "silo-2" && s.GetProperty("status").GetString() == "dead");
        // A killed silo comes back as a new generation with restart-silo.
        await _script.RunAsync(TimeSpan.FromMinutes(2), "restart-silo", "silo-2");
        await Eventually.True(
            async () => (await _script.StatusAsync()).GetProperty("silos").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "Active") == 4,
            "silo-2 is active again after restart-silo, beside silo-0, silo-1 and silo-3",
            Patience);

        stopTraffic.Cancel();
        var (requests, failures) = await traffic;
        output.WriteLine($"Traffic: {requests} requests, {failures} failed while silo-2 was killed");
        Assert.True(requests > 100, $"traffic flowed ({requests} requests)");
        Assert.Empty(browser.Errors);
    }

    /// <summary>Deposits (each with a new idempotency key: new grains on every silo) and reads, until cancelled.</summary>
    private static async Task<(int Requests, int Failures)> GenerateTrafficAsync(ApiClient client, (TestUser User, string Account)[] accounts, CancellationToken cancellationToken)
    {
        var requests = 0;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var answers = await Task.WhenAll(accounts.Select(async a =>
            {
                try
                {
                    var deposit = await client.PostAsync($"/v1/accounts/{a.Account}/deposits", JsonSerializer.Serialize(new { amount = 100 }), a.User.Token, ApiClient.NewKey());
                    var read = await client.GetAsync($"/v1/accounts/{a.Account}", a.User.Token);
                    return deposit.Status == HttpStatusCode.Created && read.Status == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }));
            requests += answers.Length * 2;
            failures += answers.Count(ok => !ok);
            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (requests, failures);
    }
}
