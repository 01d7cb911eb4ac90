namespace OrleansBackend.Api.Contracts;

/// <summary>GET /v1/cluster: the cluster's silos as Orleans' management grain reports them now.</summary>
/// <param name="ClusterId">The cluster id.</param>
/// <param name="ServiceId">The service id.</param>
/// <param name="Mode"><c>embedded</c> (the Api hosts a silo) or <c>client</c> (the Api is a cluster client).</param>
/// <param name="GeneratedAt">When this was read.</param>
/// <param name="Silos">Every silo in the membership table, dead ones included until the table forgets them.</param>
public sealed record ClusterResponse(
    string ClusterId,
    string ServiceId,
    string Mode,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<SiloResponse> Silos);

/// <summary>One silo of the cluster.</summary>
/// <param name="Id">The silo's unique address (<c>host:port@generation</c>): a restarted process is a new silo.</param>
/// <param name="Name">The silo's name.</param>
/// <param name="Address">Host and silo port.</param>
/// <param name="Status">joining, active, shutting_down, stopping or dead.</param>
/// <param name="Started">When the silo started.</param>
/// <param name="LastHeartbeat">The silo's last heartbeat in the membership table.</param>
/// <param name="GatewayPort">The port clients connect to (0 when it is no gateway).</param>
/// <param name="Suspicions">Votes from other silos that it is dead.</param>
/// <param name="ActivationCount">Live activations on the silo (null when it is not active).</param>
public sealed record SiloResponse(
    string Id,
    string Name,
    string Address,
    string Status,
    DateTimeOffset Started,
    DateTimeOffset LastHeartbeat,
    int GatewayPort,
    int Suspicions,
    long? ActivationCount);
