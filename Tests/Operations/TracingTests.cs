using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OrleansBackend.Runtime.Diagnostics.Tracing;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Cluster;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>One request is one trace: client and server spans of grain calls, linked across silos and the Api.</summary>
public sealed class TracingTests
{
    private static readonly ActivitySource TestSource = new("OrleansBackend.Tests.Tracing");

    [Fact]
    public async Task GrainCallsAcrossThreeSilosFormOneTraceOfLinkedSpans()
    {
        await using var cluster = LoadTolerantCluster.Builder(3).Build();
        await cluster.DeployAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        var (caller, callerSilo, target, targetSilo) = await TwoGrainsOnDifferentSilosAsync(cluster);
        var (provider, collector) = SpanCollector.Start(RuntimeTracing.ActivitySourceName, TestSource.Name);
        using var tracing = provider;

        ActivityTraceId traceId;
        ActivitySpanId rootId;
        using (var root = TestSource.StartActivity("test request") ?? throw new InvalidOperationException("The test source is not sampled."))
        {
            traceId = root.TraceId;
            rootId = root.SpanId;
            await cluster.GrainFactory.GetGrain<ILocatorGrain>(caller).LocateOther(target);
        }

        var spans = collector.Trace(traceId);
        var outerClient = Assert.Single(spans, s => s.DisplayName == "ILocatorGrain/LocateOther" && s.Kind == ActivityKind.Client);
        var outerServer = Assert.Single(spans, s => s.DisplayName == "ILocatorGrain/LocateOther" && s.Kind == ActivityKind.Server);
        var innerClient = Assert.Single(spans, s => s.DisplayName == "ILocatorGrain/Locate" && s.Kind == ActivityKind.Client);
        var innerServer = Assert.Single(spans, s => s.DisplayName == "ILocatorGrain/Locate" && s.Kind == ActivityKind.Server);
        Assert.Equal(rootId, outerClient.ParentSpanId);
        Assert.Equal(outerClient.SpanId, outerServer.ParentSpanId);
        Assert.Equal(outerServer.SpanId, innerClient.ParentSpanId);
        Assert.Equal(innerClient.SpanId, innerServer.ParentSpanId);
        Assert.Equal(callerSilo, outerServer.GetTagItem("orleans.silo"));
        Assert.Equal(targetSilo, innerServer.GetTagItem("orleans.silo"));
        Assert.Equal("orleans", innerServer.GetTagItem("rpc.system"));
        Assert.Equal("Locate", innerServer.GetTagItem("rpc.method"));
        Assert.All([outerClient, outerServer, innerClient, innerServer], s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
    }

    [Fact]
    public async Task OneHttpRequestIsOneTraceAcrossTheApiAndTheSilos()
    {
        var (provider, collector) = SpanCollector.Start("OrleansBackend.*", OtlpTracingExtensions.AspNetCoreActivitySource);
        using var tracing = provider;
        await using var deployment = await ClientModeCluster.StartAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users")
        {
            Content = new StringContent($$"""{"email":"{{ApiClient.UniqueEmail("traced")}}","password":"a long enough password"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{parent}-01");
        using var response = await deployment.Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        IReadOnlyList<Activity> spans = [];
        await Eventually.True(
            () => (spans = collector.Trace(traceId)).Any(s => s.Source.Name == OtlpTracingExtensions.AspNetCoreActivitySource),
            "the request's span has ended");
        var http = Assert.Single(spans, s => s.Source.Name == OtlpTracingExtensions.AspNetCoreActivitySource);
        Assert.Equal(parent, http.ParentSpanId);
        Assert.Equal("POST /v1/users/", http.DisplayName);
        var grainSpans = spans.Where(s => s.Source.Name == RuntimeTracing.ActivitySourceName).ToList();
        var register = Assert.Single(grainSpans, s => s.DisplayName == "IEmailIndexGrain/Register" && s.Kind == ActivityKind.Client);
        Assert.Equal(http.SpanId, register.ParentSpanId);
        var servers = grainSpans.Where(s => s.Kind == ActivityKind.Server).ToList();
        Assert.Contains(servers, s => s.DisplayName == "IEmailIndexGrain/Register" && s.ParentSpanId == register.SpanId);
        Assert.Contains(servers, s => s.DisplayName == "IUserGrain/Create");
        var silos = deployment.Cluster.Silos.Select(s => s.Name).ToHashSet();
        Assert.All(servers, s => Assert.Contains((string)s.GetTagItem("orleans.silo")!, silos));

        // Every span hangs off another span of the same trace: nothing started a trace of its own.
        var ids = spans.Select(s => s.SpanId).Append(parent).ToHashSet();
        Assert.All(spans, s => Assert.Contains(s.ParentSpanId, ids));
    }

    [Fact]
    public async Task TheApiExportsTracesOverOtlpWhenAnEndpointIsConfigured()
    {
        var received = new List<byte[]>();
        await using var receiver = await StartOtlpReceiverAsync(received);
        var traceId = ActivityTraceId.CreateRandom();
        var traceBytes = Convert.FromHexString(traceId.ToHexString());
        List<byte[]> WithTrace()
        {
            lock (received)
            {
                return [.. received.Where(p => p.AsSpan().IndexOf(traceBytes) >= 0)];
            }
        }

        await using var factory = new ApiFactory(settings: new Dictionary<string, string?>
        {
            ["Tracing:OtlpEndpoint"] = receiver.Urls.First(),
            ["Tracing:OtlpProtocol"] = "http/protobuf",
        });
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The batch exporter posts every few seconds: the OTLP payloads carry the trace id and the span names.
        await Eventually.True(
            () => WithTrace().Any(p => Contains(p, "IHealthProbeGrain/Check")) && WithTrace().Any(p => Contains(p, "GET /health/ready")),
            "the grain-call and request spans of the trace reach the OTLP receiver",
            TimeSpan.FromSeconds(30));
        Assert.Contains(WithTrace(), p => Contains(p, "orleansbackend-api"));
    }

    private static bool Contains(byte[] payload, string text) => payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static async Task<(long Caller, string CallerSilo, long Target, string TargetSilo)> TwoGrainsOnDifferentSilosAsync(TestCluster cluster)
    {
        var first = await cluster.GrainFactory.GetGrain<ILocatorGrain>(7_000).Locate();
        for (var key = 7_001; key < 7_200; key++)
        {
            var other = await cluster.GrainFactory.GetGrain<ILocatorGrain>(key).Locate();
            if (other.Silo != first.Silo)
            {
                return (7_000, first.Silo, key, other.Silo);
            }
        }

        throw new InvalidOperationException("Every grain landed on one silo.");
    }

    private static async Task<WebApplication> StartOtlpReceiverAsync(List<byte[]> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (received)
            {
                received.Add(body.ToArray());
            }

            return Results.Ok();
        });
        await app.StartAsync();

        // Once started, Urls lists the bound addresses (with the real port).
        return app;
    }
}
