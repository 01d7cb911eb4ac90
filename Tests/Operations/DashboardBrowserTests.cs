using OrleansBackend.Tests.Operations.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// The Orleans Dashboard at /dashboard on a client-mode Api in front of two silo processes, in headless Chromium:
/// without the operator token a browser gets the sign-in form and nothing else; with it, the dashboard loads and shows
/// both silos active.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string OperatorToken = "dashboard-operator-token-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheDashboardAsksForTheOperatorTokenThenShowsTheSilos()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, apis: 1, apiSettings: new Dictionary<string, string?> { ["Operations:OperatorToken"] = OperatorToken });
        var dashboard = new Uri(cluster.Apis[0].BaseAddress, "dashboard/");
        await using var browser = await HeadlessChromium.LaunchAsync();

        await browser.NavigateAsync(dashboard.ToString());
        await browser.WaitUntilAsync(DashboardPage.SignInForm, "the dashboard answers with the sign-in form", Patience);
        Assert.EndsWith("/dashboard/sign-in", (await browser.EvaluateAsync("location.pathname")).GetString());

        await browser.EvaluateAsync(DashboardPage.SubmitToken("not-the-operator-token-at-all"));
        await browser.WaitUntilAsync(DashboardPage.SignInRefused, "the form says the token is wrong", Patience);
        await browser.NavigateAsync(new Uri(dashboard, "#/silos").ToString());
        await browser.WaitUntilAsync(DashboardPage.SignInForm, "a wrong token opens nothing", Patience);

        browser.ClearFailedResponses();
        await browser.EvaluateAsync(DashboardPage.SubmitToken(OperatorToken));
        await browser.WaitUntilAsync("location.pathname === '/dashboard/' && document.querySelector('script[src]') !== null", "the sign-in leads to the dashboard", Patience);
        Assert.Equal(string.Empty, (await browser.EvaluateAsync("document.cookie")).GetString());
        await browser.NavigateAsync(new Uri(dashboard, "#/silos").ToString());
        await browser.WaitUntilAsync(DashboardPage.ActiveSilos("silo-0", "silo-1"), "the dashboard lists both silos as active", Patience);

        var png = await browser.ScreenshotAsync();
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "dashboard-silos.png");
        await File.WriteAllBytesAsync(file, png);
        output.WriteLine($"Screenshot: {file}");
        Assert.True(PngImage.Decode(png).DistinctColours() > 50, "the dashboard is not a blank page");

        // Once signed in, every request of the page (its scripts, styles and the data it polls) is admitted. Script
        // errors are only reported: the Orleans Dashboard's own charts can throw on a first render before their
        // history arrives ("Cannot read properties of undefined (reading 'map')" in renderChart), which is not ours.
        var refused = browser.FailedResponses.Where(r => r.StartsWith("401 ", StringComparison.Ordinal) || r.StartsWith("403 ", StringComparison.Ordinal)).ToList();
        Assert.True(refused.Count == 0, "refused requests after signing in:\n" + string.Join("\n", refused));
        foreach (var error in browser.Errors)
        {
            output.WriteLine($"Page script error: {error[..Math.Min(error.Length, 300)]}");
        }
    }
}
