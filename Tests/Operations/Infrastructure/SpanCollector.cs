using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>An in-memory OpenTelemetry exporter: a tracer provider that keeps every ended span of the process.</summary>
public sealed class SpanCollector : BaseExporter<Activity>
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    private SpanCollector()
    {
    }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    /// <summary>Starts a tracer provider that records the named sources into a new collector.</summary>
    public static (TracerProvider Provider, SpanCollector Spans) Start(params string[] sources)
    {
        var collector = new SpanCollector();
        var provider = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .AddSource(sources)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new SimpleActivityExportProcessor(collector))
            .Build();
        return (provider, collector);
    }

    /// <summary>The spans of one trace.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var span in batch)
        {
            _spans.Enqueue(span);
        }

        return ExportResult.Success;
    }
}
