namespace OrleansBackend.Runtime.Membership.Redis;

/// <summary>The Redis membership table (configuration section <c>Cluster:Membership</c>).</summary>
public sealed class RedisMembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster:Membership";

    /// <summary>A StackExchange.Redis connection string, for example <c>127.0.0.1:6379</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The first part of the table's key <c>{KeyPrefix}:{serviceId}:{clusterId}:members</c>.</summary>
    public string KeyPrefix { get; set; } = "orleansbackend";

    /// <summary>How long <see cref="IMembershipTable.InitializeAsync"/> tries to reach Redis before it fails.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one table operation may wait for Redis before it fails (the client has no async timeout of its own).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
