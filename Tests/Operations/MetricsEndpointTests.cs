using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Diagnostics.Prometheus;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Cluster;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>/metrics of a running Api and of running silos passes promtool and covers what operators watch.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task TheApiExposesHttpGrainAndProcessMetrics()
    {
        await using var factory = new ApiFactory();
        var client = new ApiClient(factory.CreateClient());
        var user = await client.NewUserAsync("metrics");
        var account = await client.PostAsync("/v1/accounts", """{"currency":"EUR"}""", user.Token);
        await client.PostAsync($"/v1/accounts/{account.Id}/deposits", """{"amount":1250}""", user.Token, ApiClient.NewKey());
        await client.GetAsync("/v1/accounts/acc_missing", user.Token);

        // A request is measured when its pipeline ends, which may be just after the client has the answer.
        var text = string.Empty;
        await Eventually.True(
            async () => PrometheusTextParser.Parse(text = await client.Http.GetStringAsync("/metrics"))
                .Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Label("http_route") == "/v1/accounts/{accountId}" && s.Label("http_response_status_code") == "404"),
            "the last request is measured");
        using var response = await client.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        await Promtool.AssertValidMetricsAsync(text, "the Api");
        var samples = PrometheusTextParser.Parse(text);
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Label("http_route") == "/v1/users/" && s.Label("http_response_status_code") == "201" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "orleans_grain_calls_total" && s.Label("interface") == "IAccountGrain" && s.Label("outcome") == "ok" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "orleans_grain_call_duration_seconds_bucket" && s.Label("le") == "+Inf" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "orleans_activations" && s.Value >= 1 && s.Label("grain_type").Length > 0);
        Assert.Contains(samples, s => s.Name == "dotnet_process_cpu_time_seconds_total");
        Assert.Contains(samples, s => s.Name == "dotnet_process_memory_working_set_bytes" && s.Value > 0);
        Assert.Contains(samples, s => s.Name == "dotnet_gc_collections_total");
    }

    [Fact]
    public async Task EverySiloExposesMetricsAndHealthOnItsManagementPort()
    {
        var builder = LoadTolerantCluster.Builder(2);
        builder.Options.ManagementEndpoints = true;
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => cluster.GrainFactory.GetGrain<ILocatorGrain>(i).LocateOther(1000 + i)));
        using var http = new HttpClient();

        foreach (var silo in cluster.Silos)
        {
            var uri = silo.ManagementUri ?? throw new InvalidOperationException($"{silo} runs no management listener.");
            var text = await http.GetStringAsync(new Uri(uri, "metrics"));
            await Promtool.AssertValidMetricsAsync(text, silo.ToString());
            var samples = PrometheusTextParser.Parse(text);
            Assert.Contains(samples, s => s.Name == "orleans_activations" && s.Label("grain_type").Length > 0 && s.Value >= 1);
            Assert.Contains(samples, s => s.Name == "orleans_grain_calls_total" && s.Label("interface") == "ILocatorGrain");
            Assert.Contains(samples, s => s.Name == "orleans_messaging_messages_total" && s.Label("direction") == "received" && s.Label("peer") == "client" && s.Value >= 1);
            Assert.Contains(samples, s => s.Name == "orleans_messaging_bytes_total" && s.Label("direction") == "sent" && s.Value > 0);
            Assert.Equal(2, samples.Single(s => s.Name == "orleans_membership_silos" && s.Label("status") == "active").Value);
            Assert.Contains(samples, s => s.Name == "orleans_membership_changes_total" && s.Value >= 1);
            Assert.Contains(samples, s => s.Name == "dotnet_gc_heap_total_allocated_bytes_total");

            using var live = await http.GetAsync(new Uri(uri, "health/live"));
            using var ready = await http.GetAsync(new Uri(uri, "health/ready"));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            var row = silo.Services.GetRequiredService<ClusterMembershipView>().Current.Get(silo.Address!);
            Assert.Equal(uri.Port, row?.ManagementPort);
        }

        // Silo-to-silo traffic shows up on the silo side of the transport.
        var silos = await Task.WhenAll(cluster.Silos.Select(s => http.GetStringAsync(new Uri(s.ManagementUri!, "metrics"))));
        Assert.Contains(silos.SelectMany(PrometheusTextParser.Parse), s => s.Name == "orleans_messaging_messages_total" && s.Label("peer") == "silo" && s.Value >= 1);
    }
}
