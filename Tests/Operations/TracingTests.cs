using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// Traces over OTLP from real processes: with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the Api (a cluster client) and
/// a silo export their spans to a collector, and Orleans' activity propagation makes one HTTP request one trace across
/// both processes.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class TracingTests
{
    [Fact]
    public async Task OneHttpRequestIsOneTraceAcrossTheApiAndASilo()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var otlp = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",

            // Export every 200 ms instead of every 5 s: the test waits for the spans.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, apis: 1, siloSettings: otlp, apiSettings: otlp);
        using var http = new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress };
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var caller = ActivitySpanId.CreateRandom().ToHexString();

        using var request = ApiCalls.Post("/v1/users", new { email = $"traced-{Guid.NewGuid():N}@example.com", password = "a long enough password" });
        request.Headers.Add("traceparent", $"00-{traceId}-{caller}-01");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The request span ends after the answer is sent; the silo's spans ended before it.
        IReadOnlyList<OtlpSpan> spans = [];
        await Eventually.True(
            () => (spans = collector.Trace(traceId)).Any(s => s.Service == "orleansbackend-api" && s.Kind == OtlpSpan.Server)
                && spans.Any(s => s.Service == "orleansbackend-silo" && s.Kind == OtlpSpan.Server),
            "the Api's request span and the silo's grain-call spans reach the collector",
            TimeSpan.FromSeconds(30));

        var http1 = Assert.Single(spans, s => s.Service == "orleansbackend-api" && s.Kind == OtlpSpan.Server);
        Assert.Equal(caller, http1.ParentSpanId);
        Assert.Contains("POST", http1.Name);

        // The Api's grain calls are client spans under the request; the silo runs them as server spans whose parents
        // are those client spans, in the other process.
        var apiCalls = spans.Where(s => s.Service == "orleansbackend-api" && s.Kind == OtlpSpan.Client).ToList();
        Assert.NotEmpty(apiCalls);
        var siloTurns = spans.Where(s => s.Service == "orleansbackend-silo" && s.Kind == OtlpSpan.Server).ToList();
        Assert.Contains(siloTurns, s => apiCalls.Any(c => c.SpanId == s.ParentSpanId));

        // Every span hangs off another span of this trace (or the caller's): nothing started a trace of its own.
        var ids = spans.Select(s => s.SpanId).Append(caller).ToHashSet();
        Assert.All(spans, s => Assert.Contains(s.ParentSpanId, ids));
        Assert.All(spans.Where(s => s.Service == "orleansbackend-silo"), s => Assert.StartsWith("Microsoft.Orleans", s.Scope));
    }
}
