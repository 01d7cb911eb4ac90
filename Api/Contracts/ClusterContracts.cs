namespace OrleansBackend.Api.Contracts;

/// <summary>GET /v1/cluster: the cluster as the answering Api instance sees it now. Counters are cumulative since each
/// process started; a client (the dashboard) derives rates from two answers.</summary>
/// <param name="ClusterId">The cluster id.</param>
/// <param name="ServiceId">The service id.</param>
/// <param name="Mode"><c>client</c> (the Api is a cluster client), <c>member</c> (an embedded silo in a cluster) or <c>embedded</c> (one process).</param>
/// <param name="GeneratedAt">When these figures were read.</param>
/// <param name="MembershipVersion">The membership table version the view was read at (-1 without clustering).</param>
/// <param name="Silos">Every silo in the membership table, dead ones included until the table forgets them.</param>
/// <param name="Api">The answering Api instance.</param>
public sealed record ClusterResponse(
    string ClusterId,
    string ServiceId,
    string Mode,
    DateTimeOffset GeneratedAt,
    long MembershipVersion,
    IReadOnlyList<SiloResponse> Silos,
    ApiInstanceResponse Api);

/// <summary>One silo: its membership row, and its own figures when its management listener answered.</summary>
/// <param name="Id">The silo's unique id (<c>host:port@generation</c>): a restarted process is a new silo.</param>
/// <param name="Name">The configured silo name.</param>
/// <param name="Address">Host and silo port.</param>
/// <param name="Status">joining, active, shutting_down or dead.</param>
/// <param name="Started">When the silo started.</param>
/// <param name="LastHeartbeat">The silo's last heartbeat in the table.</param>
/// <param name="GatewayPort">The port clients connect to (0 when it is no gateway).</param>
/// <param name="ManagementPort">The management listener's port (/metrics, /health; 0 when none).</param>
/// <param name="Suspicions">Votes from other silos that it is dead.</param>
/// <param name="ActivationCount">Live activations (null when its figures could not be read).</param>
/// <param name="MetricsError">Why its figures could not be read, if they could not.</param>
/// <param name="Metrics">Its figures.</param>
public sealed record SiloResponse(
    string Id,
    string Name,
    string Address,
    string Status,
    DateTimeOffset Started,
    DateTimeOffset LastHeartbeat,
    int GatewayPort,
    int ManagementPort,
    int Suspicions,
    long? ActivationCount,
    string? MetricsError,
    SiloMetricsResponse? Metrics);

/// <summary>A silo's figures, read from its /metrics.</summary>
/// <param name="ActivationsByType">Live activations by grain type.</param>
/// <param name="Calls">Grain calls this silo ran (cumulative).</param>
/// <param name="CallErrors">Those that failed.</param>
/// <param name="CallLatency">Run time of those calls.</param>
/// <param name="Methods">Per grain method.</param>
/// <param name="MessagesSent">Messages written to connections.</param>
/// <param name="MessagesReceived">Messages read from connections.</param>
/// <param name="BytesSent">Bytes written to connections.</param>
/// <param name="BytesReceived">Bytes read from connections.</param>
/// <param name="ActiveSilosSeen">How many active silos this silo's own membership view holds.</param>
/// <param name="Process">CPU, memory, GC and thread pool.</param>
/// <param name="Storage">Grain storage.</param>
/// <param name="Streams">Stream figures (every <c>orleans_stream…</c> family, summed), when the silo has any.</param>
public sealed record SiloMetricsResponse(
    IReadOnlyDictionary<string, long> ActivationsByType,
    double Calls,
    double CallErrors,
    HistogramResponse CallLatency,
    IReadOnlyList<MethodResponse> Methods,
    double MessagesSent,
    double MessagesReceived,
    double BytesSent,
    double BytesReceived,
    long? ActiveSilosSeen,
    ProcessResponse Process,
    StorageResponse Storage,
    IReadOnlyDictionary<string, double> Streams);

/// <summary>One grain method on one silo.</summary>
public sealed record MethodResponse(string Interface, string Method, double Calls, double Errors, HistogramResponse Latency);

/// <summary>A histogram: bucket upper bounds (seconds), cumulative counts (one per bound, then +Inf), sum and count.</summary>
public sealed record HistogramResponse(IReadOnlyList<double> Bounds, IReadOnlyList<double> Buckets, double Sum, double Count);

/// <summary>A process's resources (cumulative counters and current gauges).</summary>
public sealed record ProcessResponse(
    double CpuSeconds,
    double CpuCount,
    double WorkingSetBytes,
    double GcHeapBytes,
    double GcCollections,
    double GcPauseSeconds,
    double AllocatedBytes,
    double ThreadPoolQueueLength,
    double ThreadPoolThreads);

/// <summary>Grain storage: writes by outcome and read/write latency.</summary>
public sealed record StorageResponse(double Writes, double Conflicts, double WriteErrors, double Failures, HistogramResponse ReadLatency, HistogramResponse WriteLatency);

/// <summary>The Api instance that answered: its HTTP traffic by route and status, and its process.</summary>
public sealed record ApiInstanceResponse(string Instance, DateTimeOffset Started, IReadOnlyList<RouteResponse> Routes, ProcessResponse Process);

/// <summary>HTTP requests of one route, method and status on this Api instance.</summary>
public sealed record RouteResponse(string Method, string Route, int Status, double Requests, HistogramResponse Latency);
