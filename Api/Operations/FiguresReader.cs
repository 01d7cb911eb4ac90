using OrleansBackend.Api.Contracts;

namespace OrleansBackend.Api.Operations;

/// <summary>Turns the samples of a silo's or this Api's /metrics into the figures of GET /v1/cluster.</summary>
public static class FiguresReader
{
    private const string Calls = "orleans_grain_calls_total";
    private const string CallDuration = "orleans_grain_call_duration_seconds";

    public static SiloMetricsResponse Silo(MetricSamples samples)
    {
        var activations = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var sample in samples["orleans_activations"])
        {
            var type = sample.Label("grain_type");
            activations[type] = activations.GetValueOrDefault(type) + (long)sample.Value;
        }

        var methods = samples[Calls]
            .GroupBy(s => (Interface: s.Label("interface"), Method: s.Label("method")))
            .OrderBy(g => g.Key.Interface, StringComparer.Ordinal).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
            .Select(g => new MethodResponse(
                g.Key.Interface,
                g.Key.Method,
                g.Sum(s => s.Value),
                g.Where(s => s.Label("outcome") == "error").Sum(s => s.Value),
                samples.Histogram(CallDuration, s => s.Label("interface") == g.Key.Interface && s.Label("method") == g.Key.Method)))
            .ToList();
        var streams = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in samples.Names)
        {
            if (name.StartsWith("orleans_stream", StringComparison.Ordinal) && !name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                streams[name] = samples.Sum(name);
            }
        }

        return new SiloMetricsResponse(
            activations,
            samples.Sum(Calls),
            samples.Sum(Calls, s => s.Label("outcome") == "error"),
            samples.Histogram(CallDuration),
            methods,
            samples.Sum("orleans_messaging_messages_total", s => s.Label("direction") == "sent"),
            samples.Sum("orleans_messaging_messages_total", s => s.Label("direction") == "received"),
            samples.Sum("orleans_messaging_bytes_total", s => s.Label("direction") == "sent"),
            samples.Sum("orleans_messaging_bytes_total", s => s.Label("direction") == "received"),
            samples.Has("orleans_membership_silos") ? (long)samples.Sum("orleans_membership_silos", s => s.Label("status") == "active") : null,
            Process(samples),
            new StorageResponse(
                samples.Sum("orleans_storage_writes_total", s => s.Label("outcome") == "ok"),
                samples.Sum("orleans_storage_writes_total", s => s.Label("outcome") == "conflict"),
                samples.Sum("orleans_storage_writes_total", s => s.Label("outcome") == "error"),
                samples.Sum("orleans_storage_failures_total"),
                samples.Histogram("orleans_storage_read_duration_seconds"),
                samples.Histogram("orleans_storage_write_duration_seconds")),
            streams);
    }

    public static IReadOnlyList<RouteResponse> Routes(MetricSamples samples) =>
        [.. samples["http_server_request_duration_seconds_count"]
            .Select(s => (Method: s.Label("http_request_method"), Route: s.Label("http_route"), Status: s.Label("http_response_status_code")))
            .Distinct()
            .OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Status, StringComparer.Ordinal)
            .Select(r =>
            {
                bool Matches(Runtime.Diagnostics.Prometheus.PrometheusSample s) =>
                    s.Label("http_request_method") == r.Method && s.Label("http_route") == r.Route && s.Label("http_response_status_code") == r.Status;
                return new RouteResponse(
                    r.Method,
                    r.Route.Length == 0 ? "(unmatched)" : r.Route,
                    int.TryParse(r.Status, out var status) ? status : 0,
                    samples.Sum("http_server_request_duration_seconds_count", Matches),
                    samples.Histogram("http_server_request_duration_seconds", Matches));
            })];

    public static ProcessResponse Process(MetricSamples samples) => new(
        samples.Sum("dotnet_process_cpu_time_seconds_total"),
        samples.Sum("dotnet_process_cpu_count_value"),
        samples.Sum("dotnet_process_memory_working_set_bytes"),
        samples.Sum("dotnet_gc_last_collection_heap_size_bytes"),
        samples.Sum("dotnet_gc_collections_total"),
        samples.Sum("dotnet_gc_pause_time_seconds_total"),
        samples.Sum("dotnet_gc_heap_total_allocated_bytes_total"),
        samples.Sum("dotnet_thread_pool_queue_length_total") + samples.Sum("dotnet_thread_pool_queue_length"),
        samples.Sum("dotnet_thread_pool_thread_count_total") + samples.Sum("dotnet_thread_pool_thread_count"));
}
