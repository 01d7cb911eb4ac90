using System.Net;
using System.Net.Http.Json;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// <c>/metrics</c> of running processes — the embedded Api, silos and a client-mode Api — as Prometheus scrapes it:
/// promtool parses every exposition, and the project's own families (<c>orleansbackend_*</c>) pass its lint.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class MetricsEndpointTests
{
    /// <summary>The prefix of the project's own families (meters <c>OrleansBackend.*</c>).</summary>
    internal const string OwnPrefix = "orleansbackend_";

    [Fact]
    public async Task TheEmbeddedApiExposesHttpOrleansRuntimeAndItsOwnMetrics()
    {
        await using var api = await EmbeddedApi.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Process.BaseAddress };
        var user = await ApiCalls.RegisterAndLoginAsync(http, "metrics");
        var account = await ApiCalls.OpenAccountAsync(http, user.Token);
        await ApiCalls.DepositAsync(http, user.Token, account, 1250);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(ApiCalls.Get("/v1/accounts/acc_missing", user.Token))).StatusCode);

        // A request is measured when its pipeline ends, which may be just after the client has its answer.
        var text = string.Empty;
        await Eventually.True(
            async () => PrometheusText.Samples(text = await http.GetStringAsync("/metrics"))
                .Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Label("http_response_status_code") == "404"),
            "the last request is measured");
        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        await Promtool.AssertParsesAsync(text, "the embedded Api");
        Assert.Contains("# HELP orleansbackend_", text);
        await AssertOwnFamiliesLintCleanAsync(text, "the embedded Api");
        var samples = PrometheusText.Samples(text);
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Label("http_route") == "/v1/users/" && s.Label("http_response_status_code") == "201");
        Assert.Contains(samples, s => s.Name == "orleans_catalog_activations" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "orleans_storage_write_latency_milliseconds_count" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "dotnet_process_cpu_time_seconds_total");
        Assert.Contains(samples, s => s.Name == "dotnet_process_memory_working_set_bytes" && s.Value > 0);

        // The project's own: the SQLite write gate saw the writes, and the outbox published the events they stored.
        Assert.Contains(samples, s => s.Name == "orleansbackend_sqlite_write_gate_wait_seconds_count" && s.Value >= 3);
        Assert.Contains(samples, s => s.Name == "orleansbackend_sqlite_write_gate_wait_seconds_bucket" && s.Label("le") == "+Inf" && s.Value >= 3);
        Assert.Contains(samples, s => s.Name == "orleansbackend_outbox_published_total" && s.Label("trigger") == "write" && s.Value >= 3);
        // The name alert rules watch (the storage's circuit breaker: closed while the database answers).
        Assert.Contains(samples, s => s.Name == "orleansbackend_storage_circuit_open" && s.Label("provider") == "Default" && s.Value == 0);
    }

    [Fact]
    public async Task EverySiloProcessAndAClientApiExposeMetrics()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, apis: 1);
        using var http = new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress };
        var user = await ApiCalls.RegisterAndLoginAsync(http, "silo-metrics");
        await ApiCalls.DepositAsync(http, user.Token, await ApiCalls.OpenAccountAsync(http, user.Token), 500);

        var published = 0.0;
        foreach (var silo in cluster.Silos)
        {
            var text = await http.GetStringAsync(new Uri(silo.BaseAddress, "metrics"));
            await Promtool.AssertParsesAsync(text, silo.Name);
            await AssertOwnFamiliesLintCleanAsync(text, silo.Name);
            var samples = PrometheusText.Samples(text);
            Assert.Contains(samples, s => s.Name == "target_info" && s.Label("service_name") == "orleansbackend-silo");
            Assert.Contains(samples, s => s.Name == "orleans_catalog_activations");
            Assert.Contains(samples, s => s.Name == "orleans_messaging_processing_dispatcher_received_total" && s.Value >= 1);
            Assert.Contains(samples, s => s.Name == "dotnet_gc_heap_total_allocated_bytes_total" && s.Value > 0);
            published += samples.Where(s => s.Name == "orleansbackend_outbox_published_total").Sum(s => s.Value);
        }

        Assert.True(published >= 3, $"the silos published the outbox events of the session ({published})");

        var apiText = await http.GetStringAsync("/metrics");
        await Promtool.AssertParsesAsync(apiText, "the client-mode Api");
        await AssertOwnFamiliesLintCleanAsync(apiText, "the client-mode Api");
        var api = PrometheusText.Samples(apiText);
        Assert.Contains(api, s => s.Name == "target_info" && s.Label("service_name") == "orleansbackend-api");
        Assert.Equal(2, api.Single(s => s.Name == "orleans_client_connected_gateways").Value);
        Assert.Contains(api, s => s.Name == "http_server_request_duration_seconds_count" && s.Label("http_route") == "/v1/accounts/{accountId}/deposits" && s.Label("http_response_status_code") == "201");
    }

    /// <summary>
    /// The families the project names itself, where the process has any (a family appears once it has a value), are
    /// lint-clean: help text, base units, counters in _total.
    /// </summary>
    internal static async Task AssertOwnFamiliesLintCleanAsync(string exposition, string what)
    {
        var own = PrometheusText.FamiliesStartingWith(exposition, OwnPrefix);
        if (own.Length > 0)
        {
            await Promtool.AssertLintCleanAsync(own, $"the {OwnPrefix}* families of {what}");
        }
    }
}
