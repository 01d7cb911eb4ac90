using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Diagnostics.Prometheus;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>The exposition writer over MeterListener: names, units, types, labels, histograms, staleness.</summary>
public sealed class PrometheusExpositionTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly PrometheusMetricsCollector _collector;
    private readonly Meter _meter;

    public PrometheusExpositionTests()
    {
        _meters = _services.GetRequiredService<IMeterFactory>();
        _collector = new PrometheusMetricsCollector(_meters);
        _meter = _meters.Create("OrleansBackend.Tests.Exposition");
    }

    public void Dispose()
    {
        _collector.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void CountersGetTotalAndUnitsBecomeSuffixes()
    {
        _meter.CreateCounter<long>("test.requests", "{request}", "Requests.").Add(3, new KeyValuePair<string, object?>("route", "/a"));
        _meter.CreateCounter<long>("test.payload", "By", "Payload.").Add(10);
        _meter.CreateCounter<double>("test.busy.time", "ms", "Busy time.").Add(1500);
        _meter.CreateUpDownCounter<int>("test.queue.length", "{item}", "Queue length.").Add(-2);

        var samples = Samples();

        Assert.Equal(3, Single(samples, "test_requests_total").Value);
        Assert.Equal("/a", Single(samples, "test_requests_total").Label("route"));
        Assert.Equal(10, Single(samples, "test_payload_bytes_total").Value);
        Assert.Equal(1.5, Single(samples, "test_busy_time_seconds_total").Value, 9);
        Assert.Equal(-2, Single(samples, "test_queue_length").Value);
        var text = _collector.Collect();
        Assert.Contains("# TYPE test_requests_total counter\n", text);
        Assert.Contains("# HELP test_requests_total Requests.\n", text);
        Assert.Contains("# TYPE test_queue_length gauge\n", text);
    }

    [Fact]
    public void TagsInAnotherOrderAggregateIntoOneSeries()
    {
        var counter = _meter.CreateCounter<long>("test.calls", "{call}", "Calls.");
        for (var i = 0; i < 5; i++)
        {
            counter.Add(1, new("method", "Get"), new("interface", "IThing"));
            counter.Add(1, new("interface", "IThing"), new("method", "Get"));
        }

        var series = Samples().Where(s => s.Name == "test_calls_total").ToList();

        var only = Assert.Single(series);
        Assert.Equal(10, only.Value);
        Assert.Contains("test_calls_total{interface=\"IThing\",method=\"Get\"} 10\n", _collector.Collect());
    }

    [Fact]
    public void LabelValuesAreEscapedAndNamesSanitized()
    {
        var tricky = "a \"quoted\" back\\slash\nnew line";
        _meter.CreateCounter<long>("test.escapes", null, "Help with a back\\slash\nand a new line.").Add(1, new KeyValuePair<string, object?>("grain.type", tricky), new("http.response.status_code", 404));

        var text = _collector.Collect();
        var sample = Single(Samples(), "test_escapes_total");

        Assert.Contains("grain_type=\"a \\\"quoted\\\" back\\\\slash\\nnew line\"", text);
        Assert.Contains("# HELP test_escapes_total Help with a back\\\\slash\\nand a new line.\n", text);
        Assert.Equal(tricky, sample.Label("grain_type"));
        Assert.Equal("404", sample.Label("http_response_status_code"));
    }

    [Fact]
    public void HistogramsHaveCumulativeBucketsSumAndCount()
    {
        var histogram = _meter.CreateHistogram<double>("test.call.duration", "s", "Call duration.");
        foreach (var value in new[] { 0.00005, 0.0003, 0.02, 0.02, 7.0, 60.0 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("method", "Get"));
        }

        var samples = Samples();
        double Bucket(string le) => samples.Single(s => s.Name == "test_call_duration_seconds_bucket" && s.Label("le") == le).Value;

        Assert.Equal(1, Bucket("0.0001"));
        Assert.Equal(2, Bucket("0.0005"));
        Assert.Equal(4, Bucket("0.025"));
        Assert.Equal(5, Bucket("10"));
        Assert.Equal(6, Bucket("+Inf"));
        Assert.Equal(6, Single(samples, "test_call_duration_seconds_count").Value);
        Assert.Equal(0.00005 + 0.0003 + 0.04 + 7 + 60, Single(samples, "test_call_duration_seconds_sum").Value, 9);
        Assert.Contains("# TYPE test_call_duration_seconds histogram\n", _collector.Collect());
    }

    [Fact]
    public void HistogramBucketAdviceIsHonouredAndScaled()
    {
        var histogram = _meter.CreateHistogram<double>(
            "test.wait", "ms", "Waits.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10, 100] });
        histogram.Record(5);

        var buckets = Samples().Where(s => s.Name == "test_wait_seconds_bucket").Select(s => s.Label("le")).ToList();

        Assert.Equal(["0.001", "0.01", "0.1", "+Inf"], buckets);
    }

    [Fact]
    public void ObservableSeriesThatStopReportingDisappear()
    {
        var current = new List<Measurement<long>> { new(2, new KeyValuePair<string, object?>("grain.type", "a")), new(3, new KeyValuePair<string, object?>("grain.type", "b")) };
        _meter.CreateObservableGauge("test.resident", () => current, "{activation}", "Resident.");
        _meter.CreateObservableCounter("test.ticks", () => 41L + current.Count, "{tick}", "Ticks.");

        Assert.Equal(2, Samples().Count(s => s.Name == "test_resident"));
        current.RemoveAt(0);
        var samples = Samples();

        Assert.Equal("b", Single(samples, "test_resident").Label("grain_type"));
        Assert.Equal(42, Single(samples, "test_ticks_total").Value);
    }

    [Fact]
    public void MetersOfOtherHostsAndOtherNamesAreLeftOut()
    {
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        otherHost.GetRequiredService<IMeterFactory>().Create("OrleansBackend.Tests.Exposition").CreateCounter<long>("test.foreign").Add(1);
        using var unrelated = new Meter("Some.Library");
        unrelated.CreateCounter<long>("test.unrelated").Add(1);
        using var processWide = new Meter("OrleansBackend.Tests.ProcessWide");
        processWide.CreateCounter<long>("test.process.wide").Add(1);

        var names = Samples().Select(s => s.Name).ToHashSet();

        Assert.DoesNotContain("test_foreign_total", names);
        Assert.DoesNotContain("test_unrelated_total", names);
        Assert.Contains("test_process_wide_total", names);
    }

    [Fact]
    public void TooManyLabelSetsFoldIntoAnOverflowSeries()
    {
        var counter = _meter.CreateCounter<long>("test.cardinality");
        for (var i = 0; i < 2100; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        var samples = Samples().Where(s => s.Name == "test_cardinality_total").ToList();

        Assert.Equal(2001, samples.Count);
        Assert.Equal(100, samples.Single(s => s.Label("otel_metric_overflow") == "true").Value);
    }

    [Fact]
    public async Task PromtoolAcceptsTheExposition()
    {
        _meter.CreateCounter<long>("test.requests", "{request}", "Requests.").Add(1, new KeyValuePair<string, object?>("path", "/a \"b\"\n"));
        _meter.CreateHistogram<double>("test.latency", "s", "Latency.").Record(0.01);
        _meter.CreateHistogram<int>("test.batch.size", "{write}", "Batch size.").Record(7);
        _meter.CreateUpDownCounter<long>("test.live", "{activation}", "Live.").Add(1);
        _meter.CreateObservableGauge("test.memory", () => 1024L, "By", "Memory.");

        await Promtool.AssertValidMetricsAsync(_collector.Collect(), "a test meter");
    }

    private static PrometheusSample Single(IEnumerable<PrometheusSample> samples, string name) => Assert.Single(samples, s => s.Name == name);

    private IReadOnlyList<PrometheusSample> Samples() => PrometheusTextParser.Parse(_collector.Collect());
}
