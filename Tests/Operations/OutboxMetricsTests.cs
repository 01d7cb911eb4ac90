using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// The outbox's meter on a silo process: events left in a grain's outbox by a SIGKILLed silo are re-published when the
/// grain activates on a survivor, and <c>orleansbackend_outbox_published_total{trigger="activation"}</c> counts them.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class OutboxMetricsTests
{
    [Fact]
    public async Task EventsLeftByAKilledSiloAreCountedAsRepublishedOnActivation()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, apis: 1);
        using var http = new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress };
        var user = await ApiCalls.RegisterAndLoginAsync(http, "outbox");
        var first = await ScrapeAsync(http, cluster.Silos[0]);
        Assert.Contains(first, s => s.Name == "orleansbackend_outbox_published_total" && s.Label("trigger") == "write" && s.Value >= 1);
        Assert.DoesNotContain(first, s => s.Name == "orleansbackend_outbox_published_total" && s.Label("trigger") == "activation");

        // SIGKILL: no deactivation, so the last write's events stay in the stored outbox (it is trimmed only by the
        // next write or a graceful deactivation).
        await cluster.Silos[0].KillAsync();
        var survivor = await cluster.StartSiloAsync();

        // Signing in again activates the user's grains on the new silo.
        await Eventually.True(
            async () =>
            {
                try
                {
                    await ApiCalls.LoginAsync(http, user.Email, user.Password);
                    return true;
                }
                catch (Xunit.Sdk.TrueException)
                {
                    return false;
                }
            },
            "the Api signs the user in through the new silo",
            TimeSpan.FromSeconds(60));

        var after = await ScrapeAsync(http, survivor);
        Assert.Contains(after, s => s.Name == "orleansbackend_outbox_published_total" && s.Label("trigger") == "activation" && s.Value >= 1);
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient http, BackendProcess silo) =>
        PrometheusText.Samples(await http.GetStringAsync(new Uri(silo.BaseAddress, "metrics")));
}
