using System.Globalization;
using System.Text.RegularExpressions;
using OrleansBackend.Tests.Cluster;
using OrleansBackend.Tests.Operations.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Operations;

/// <summary>The dashboard in headless Chromium, against a client-mode Api in front of an in-process 3-silo cluster.</summary>
public sealed partial class DashboardBrowserTests(ITestOutputHelper output)
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
        await AssertScreenshotShowsSilosAsync(browser, "dashboard-3-silos.png", minimumPixels: 400);

        var victim = deployment.Cluster.Silos[^1];
        await deployment.Cluster.KillSiloAsync(victim);
        await browser.WaitUntilAsync(DashboardScript.SiloDied(victim.Name, activeSilos: 2), $"the dashboard shows {victim.Name} dead and the others taking over", Patience);

        var joined = await deployment.Cluster.StartAdditionalSiloAsync();
        await browser.WaitUntilAsync(DashboardScript.SiloJoined(joined.Name, activeSilos: 3), $"the dashboard shows {joined.Name} joining", Patience);
        await browser.WaitUntilAsync(DashboardScript.UpdatesSinceNow(await browser.EvaluateAsync(DashboardScript.Updates), 8), "the charts have a few points of the new silo", Patience);
        await AssertScreenshotShowsSilosAsync(browser, "dashboard-after-kill-and-join.png", minimumPixels: 250);

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

    /// <summary>Takes a screenshot, keeps it for people to look at, and checks that the charts drew every active silo.</summary>
    internal async Task AssertScreenshotShowsSilosAsync(HeadlessChromium browser, string fileName, int minimumPixels)
    {
        var png = await browser.ScreenshotAsync();
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        var file = Path.Combine(directory.FullName, fileName);
        await File.WriteAllBytesAsync(file, png);
        output.WriteLine($"Screenshot: {file}");

        var image = PngImage.Decode(png);
        Assert.True(image.Width >= 1000 && image.Height >= 800, $"screenshot is {image.Width}×{image.Height}");
        Assert.True(image.DistinctColours() > 200, "the screenshot is not a blank page");
        var colours = (await browser.EvaluateAsync(DashboardScript.ActiveSiloColours)).EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.NotEmpty(colours);
        foreach (var colour in colours)
        {
            var rgb = RgbPattern().Match(colour);
            Assert.True(rgb.Success, colour);
            var pixels = image.Count(Parse(rgb, 1), Parse(rgb, 2), Parse(rgb, 3), tolerance: 6);

            // Each silo's two swatches are 200 pixels; its chart lines add the rest.
            Assert.True(pixels > minimumPixels, $"the charts show the silo drawn in {colour} ({pixels} pixels of it, wanted more than {minimumPixels})");
        }
    }

    private static byte Parse(Match match, int group) => byte.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"rgb\((\d+), (\d+), (\d+)\)")]
    private static partial Regex RgbPattern();
}
