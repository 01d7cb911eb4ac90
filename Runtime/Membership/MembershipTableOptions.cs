namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// Which membership table a process uses (configuration section <c>Cluster:Membership</c>); read by
/// <see cref="ClusteringExtensions.UseConfiguredClustering"/> and <see cref="MembershipTableFactory"/>.
/// </summary>
public sealed class MembershipTableOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster:Membership";

    /// <summary>The value of <see cref="Provider"/> for the in-process table (one process only).</summary>
    public const string MemoryProvider = "memory";

    /// <summary>The value of <see cref="Provider"/> for the Redis table.</summary>
    public const string RedisProvider = "redis";

    /// <summary>The value of <see cref="Provider"/> for the PostgreSQL table.</summary>
    public const string PostgresProvider = "postgres";

    /// <summary><c>memory</c>, <c>redis</c> or <c>postgres</c> (case-insensitive).</summary>
    public string? Provider { get; set; }

    /// <summary>The provider's connection string (required for <c>redis</c> and <c>postgres</c>).</summary>
    public string? ConnectionString { get; set; }
}
