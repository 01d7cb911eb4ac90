using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// The operations tools end to end on a cluster started with scripts/cluster.sh (three silo processes, an Api, their
/// own Redis and PostgreSQL): real /metrics, and the Orleans Dashboard in headless Chromium following a silo killed,
/// one added and one restarted while traffic flows.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ClusterScriptDashboardTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OperatorToken = "cluster-sh-operator-token-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly ClusterScript _script = new(OperatorToken);

    public async Task InitializeAsync() => await _script.RunAsync(TimeSpan.FromMinutes(5), "up", "--silos", "3", "--apis", "1");

    public async Task DisposeAsync() => await _script.RunAsync(TimeSpan.FromMinutes(2), "down", "--wipe");

    [Fact]
    public async Task TheDashboardFollowsAClusterShClusterThroughAKillAnAddAndARestart()
    {
        var status = await _script.StatusAsync();
        var silos = status.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(3, silos.Count);
        Assert.All(silos, s => Assert.Equal("active", s.GetProperty("status").GetString()));
        var api = new Uri(status.GetProperty("apis")[0].GetProperty("url").GetString()! + "/");
        using var http = new HttpClient { BaseAddress = api };
        var users = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => ApiCalls.RegisterAndLoginAsync(http, $"dash{i}")));
        var accounts = await Task.WhenAll(users.Select(async u => (User: u, Account: await ApiCalls.OpenAccountAsync(http, u.Token))));
        using var stopTraffic = new CancellationTokenSource();
        var traffic = GenerateTrafficAsync(http, accounts, stopTraffic.Token);

        // Real processes: promtool parses their /metrics, and the project's own families pass its lint.
        var apiMetrics = await http.GetStringAsync("metrics");
        await Promtool.AssertParsesAsync(apiMetrics, "the Api process");
        using var management = new HttpClient();
        foreach (var silo in silos)
        {
            var text = await management.GetStringAsync($"http://127.0.0.1:{silo.GetProperty("managementPort").GetInt32()}/metrics");
            await Promtool.AssertParsesAsync(text, silo.GetProperty("name").GetString()!);
            await MetricsEndpointTests.AssertOwnFamiliesLintCleanAsync(text, silo.GetProperty("name").GetString()!);
        }

        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(api, "dashboard/").ToString());
        await browser.WaitUntilAsync(DashboardPage.SignInForm, "the dashboard asks for the operator token", Patience);
        await browser.EvaluateAsync(DashboardPage.SubmitToken(OperatorToken));
        await browser.WaitUntilAsync("location.pathname === '/dashboard/'", "the sign-in leads to the dashboard", Patience);
        await browser.NavigateAsync(new Uri(api, "dashboard/#/silos").ToString());
        await browser.WaitUntilAsync(DashboardPage.ActiveSilos("silo-0", "silo-1", "silo-2"), "the dashboard shows three active silos", Patience);
        await SaveScreenshotAsync(browser, "cluster-sh-3-silos.png");

        await _script.RunAsync(TimeSpan.FromMinutes(1), "kill-silo", "silo-2");
        // The Silo Health table lists the silos that are up: a dead one leaves it.
        await browser.WaitUntilAsync("!" + DashboardPage.SiloShown("silo-2", "Active") + " && " + DashboardPage.ActiveCount(2), "the dashboard drops silo-2 and shows two active silos", Patience);

        await _script.RunAsync(TimeSpan.FromMinutes(2), "add-silo");
        await browser.WaitUntilAsync(DashboardPage.SiloShown("silo-3", "Active") + " && " + DashboardPage.ActiveCount(3), "the dashboard shows silo-3 joining", Patience);
        await SaveScreenshotAsync(browser, "cluster-sh-after-kill-and-add.png");

        using (var cluster = await http.SendAsync(ApiCalls.Get("/v1/cluster", OperatorToken)))
        {
            Assert.Equal(HttpStatusCode.OK, cluster.StatusCode);
            var json = await cluster.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(json.GetProperty("silos").EnumerateArray(), s => s.GetProperty("name").GetString() == "silo-2" && s.GetProperty("status").GetString() == "dead");
            Assert.Contains(json.GetProperty("silos").EnumerateArray(), s => s.GetProperty("name").GetString() == "silo-3" && s.GetProperty("status").GetString() == "active");
        }

        // A killed silo comes back as a new generation with restart-silo, and the dashboard shows four active silos.
        await _script.RunAsync(TimeSpan.FromMinutes(2), "restart-silo", "silo-2");
        await Eventually.True(
            async () => (await _script.StatusAsync()).GetProperty("silos").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "active") == 4,
            "silo-2 is active again after restart-silo, beside silo-0, silo-1 and silo-3",
            Patience);
        await browser.WaitUntilAsync(DashboardPage.ActiveCount(4), "the dashboard shows four active silos", Patience);

        stopTraffic.Cancel();
        var (requests, failures) = await traffic;
        output.WriteLine($"Traffic: {requests} requests, {failures} failed while silos were killed, added and restarted");
        Assert.True(requests > 100, $"traffic flowed ({requests} requests)");
        // The cookie admitted every request of the page; a poll that reached a dying silo may answer 503, which is the
        // Api's answer for a lost grain call, not a refusal.
        var refused = browser.FailedResponses.Where(r => r.StartsWith("401 ", StringComparison.Ordinal) || r.StartsWith("403 ", StringComparison.Ordinal)).ToList();
        Assert.True(refused.Count == 0, "refused requests after signing in:\n" + string.Join("\n", refused));
        foreach (var error in browser.Errors)
        {
            output.WriteLine($"Page script error: {error[..Math.Min(error.Length, 300)]}");
        }
    }

    private async Task SaveScreenshotAsync(HeadlessChromium browser, string name)
    {
        var png = await browser.ScreenshotAsync();
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, name);
        await File.WriteAllBytesAsync(file, png);
        output.WriteLine($"Screenshot: {file}");
        Assert.True(PngImage.Decode(png).DistinctColours() > 50, $"{name} is not a blank page");
    }

    /// <summary>Deposits (each with a new idempotency key) and reads, until cancelled; failures while silos die are counted, not thrown.</summary>
    private static async Task<(int Requests, int Failures)> GenerateTrafficAsync(HttpClient http, (ApiUser User, string Account)[] accounts, CancellationToken cancellationToken)
    {
        var requests = 0;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var answers = await Task.WhenAll(accounts.Select(async a =>
            {
                try
                {
                    using var deposit = ApiCalls.Post($"/v1/accounts/{a.Account}/deposits", new { amount = 100 }, a.User.Token);
                    deposit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                    using var deposited = await http.SendAsync(deposit);
                    using var read = await http.SendAsync(ApiCalls.Get($"/v1/accounts/{a.Account}", a.User.Token));
                    return deposited.StatusCode == HttpStatusCode.Created && read.StatusCode == HttpStatusCode.OK;
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
