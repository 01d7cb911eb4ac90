using OrleansBackend.Tests.Cluster;
using OrleansBackend.Tests.Operations.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Operations;

/// <summary>The dashboard in headless Chromium, against a client-mode Api in front of an in-process 3-silo cluster.</summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string OperatorToken = "dashboard-operator-token-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheDashboardShowsALiveClusterAndFollowsSilosDyingAndJoining()
    {
        await using var deployment = await ClientModeCluster.StartAsync(3, new Dictionary<string, string?> { ["Operations:OperatorToken"] = OperatorToken }, realServer: true);
        using var stopTraffic = new CancellationTokenSource();
        var traffic = GenerateTrafficAsync(deployment, stopTraffic.Token);
        await using var browser = await HeadlessChromium.LaunchAsync();

        await browser.NavigateAsync($"{deployment.BaseUri}dashboard?interval=500#token={Uri.EscapeDataString(OperatorToken)}");
        await browser.WaitUntilAsync(DashboardScript.LiveCluster(3), "the dashboard shows three active silos with activations and calls", Patience);

        Assert.Equal(string.Empty, (await browser.EvaluateAsync("location.hash")).GetString());
        await DashboardScreenshot.AssertShowsSilosAsync(browser, output, "dashboard-3-silos.png", minimumPixels: 400);

        var victim = deployment.Cluster.Silos[^1];
        await deployment.Cluster.KillSiloAsync(victim);
        await browser.WaitUntilAsync(DashboardScript.SiloDied(victim.Name, activeSilos: 2), $"the dashboard shows {victim.Name} dead and the others taking over", Patience);

        var joined = await deployment.Cluster.StartAdditionalSiloAsync();
        await browser.WaitUntilAsync(DashboardScript.SiloJoined(joined.Name, activeSilos: 3), $"the dashboard shows {joined.Name} joining", Patience);
        await browser.WaitUntilAsync(DashboardScript.UpdatesSinceNow(await browser.EvaluateAsync(DashboardScript.Updates), 8), "the charts have a few points of the new silo", Patience);
        await DashboardScreenshot.AssertShowsSilosAsync(browser, output, "dashboard-after-kill-and-join.png", minimumPixels: 250);

        stopTraffic.Cancel();
        await traffic;
        Assert.Empty(browser.Errors);
    }

    /// <summary>Keeps grain calls and HTTP requests going, so rates are above zero; failures while silos die are expected.</summary>
    internal static async Task GenerateTrafficAsync(ClientModeCluster deployment, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => deployment.Cluster.GrainFactory.GetGrain<ILocatorGrain>(random.Next(0, 400)).LocateOther(random.Next(400, 800))));
                await deployment.Client.GetAsync("/health/ready");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A silo was killed under the load: the next round goes to the survivors.
            }

            try
            {
                await Task.Delay(25, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

}
