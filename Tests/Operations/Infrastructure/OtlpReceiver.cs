using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// A tiny OTLP/HTTP collector on loopback: it accepts <c>POST /v1/traces</c> (protobuf, as the OpenTelemetry OTLP
/// exporter sends with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>) and keeps every span it was sent.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base address to give exporters as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint => _app.Urls.First();

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpSpan.Decode(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }

            // An empty ExportTraceServiceResponse: nothing was rejected.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The spans of one trace.</summary>
    public IReadOnlyList<OtlpSpan> Trace(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
