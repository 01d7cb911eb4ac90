using System.Net;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>The metric families running processes export after a short session: a silo, a client-mode Api and the embedded Api.</summary>
public static class ExportedFamilies
{
    public static async Task<HashSet<string>> ScrapeAsync()
    {
        var families = new HashSet<string>(StringComparer.Ordinal);
        await using (var cluster = await ProcessCluster.StartAsync(silos: 1, apis: 1))
        {
            using var http = new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress };
            await SessionAsync(http);
            families.UnionWith(PrometheusText.Families(await http.GetStringAsync(new Uri(cluster.Silos[0].BaseAddress, "metrics"))).Keys);
            families.UnionWith(PrometheusText.Families(await http.GetStringAsync("/metrics")).Keys);
        }

        await using (var embedded = await EmbeddedApi.StartAsync())
        {
            using var http = new HttpClient { BaseAddress = embedded.Process.BaseAddress };
            await SessionAsync(http);
            families.UnionWith(PrometheusText.Families(await http.GetStringAsync("/metrics")).Keys);
        }

        return families;
    }

    private static async Task SessionAsync(HttpClient http)
    {
        var user = await ApiCalls.RegisterAndLoginAsync(http, "families");
        var account = await ApiCalls.OpenAccountAsync(http, user.Token);
        await ApiCalls.DepositAsync(http, user.Token, account, 100);
        using var missing = await http.SendAsync(ApiCalls.Get("/v1/accounts/acc_missing", user.Token));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
