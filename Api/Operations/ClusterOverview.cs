using System.Diagnostics;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Runtime.Diagnostics;
using OrleansBackend.Runtime.Diagnostics.Prometheus;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Api.Operations;

/// <summary>
/// Gathers GET /v1/cluster on each request, keeping nothing: membership as this process sees it, every live
/// silo's /metrics read from its management port (in parallel, with a short timeout), the silo in this process (if
/// any) and this Api instance from the local collector.
/// </summary>
public sealed class ClusterOverview(
    ClusterInspector inspector,
    PrometheusMetricsCollector collector,
    IHttpClientFactory httpClients,
    TimeProvider timeProvider,
    ILogger<ClusterOverview> logger)
{
    /// <summary>The named HTTP client that reads silos' /metrics.</summary>
    public const string HttpClientName = "silo-metrics";

    private static readonly DateTimeOffset ProcessStarted = new(Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public async Task<ClusterResponse> ReadAsync(CancellationToken cancellationToken)
    {
        var local = new MetricSamples(PrometheusTextParser.Parse(collector.Collect()));
        var now = timeProvider.GetUtcNow();
        var snapshot = inspector.Membership;
        IReadOnlyList<SiloResponse> silos;
        string mode;
        if (!inspector.IsClustered)
        {
            mode = "embedded";
            var figures = FiguresReader.Silo(local);
            silos = [new SiloResponse("local", inspector.LocalSiloName, "in-process", "active", ProcessStarted, now, 0, 0, 0, Total(figures), null, figures)];
        }
        else
        {
            mode = inspector.LocalSilo is null ? "client" : "member";
            var ordered = snapshot.Members.OrderBy(m => m.StartTime).ThenBy(m => m.Address.ToParsableString(), StringComparer.Ordinal).ToList();
            silos = await Task.WhenAll(ordered.Select(member => ReadSiloAsync(member, local, cancellationToken)));
        }

        var api = new ApiInstanceResponse(inspector.LocalSiloName, ProcessStarted, FiguresReader.Routes(local), FiguresReader.Process(local));
        return new ClusterResponse(inspector.ClusterId, inspector.ServiceId, mode, now, snapshot.Version, silos, api);
    }

    private async Task<SiloResponse> ReadSiloAsync(MembershipEntry member, MetricSamples local, CancellationToken cancellationToken)
    {
        SiloMetricsResponse? figures = null;
        string? error = null;
        if (member.Address == inspector.LocalSilo)
        {
            figures = FiguresReader.Silo(local);
        }
        else if (member.Status == SiloStatus.Dead)
        {
            error = "dead";
        }
        else if (member.ManagementPort <= 0)
        {
            error = "no management port (Endpoints:ManagementPort)";
        }
        else
        {
            (figures, error) = await ScrapeAsync(member, cancellationToken);
        }

        return new SiloResponse(
            member.Address.ToParsableString(),
            member.SiloName,
            member.Address.Endpoint,
            StatusName(member.Status),
            member.StartTime,
            member.IAmAliveTime,
            member.GatewayPort,
            member.ManagementPort,
            member.Suspicions.Count,
            figures is null ? null : Total(figures),
            error,
            figures);
    }

    private async Task<(SiloMetricsResponse? Figures, string? Error)> ScrapeAsync(MembershipEntry member, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(Uri.UriSchemeHttp, member.Address.Host, member.ManagementPort, "/metrics").Uri;
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            var text = await client.GetStringAsync(uri, cancellationToken);
            return (FiguresReader.Silo(new MetricSamples(PrometheusTextParser.Parse(text))), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not read the metrics of silo {Silo} at {Uri}: {Reason}", member.SiloName, uri, exception.Message);
            return (null, exception is TaskCanceledException ? "timed out" : exception.Message);
        }
    }

    private static long Total(SiloMetricsResponse figures)
    {
        long total = 0;
        foreach (var count in figures.ActivationsByType.Values)
        {
            total += count;
        }

        return total;
    }

    private static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        SiloStatus.Dead => "dead",
        _ => "unknown",
    };
}
