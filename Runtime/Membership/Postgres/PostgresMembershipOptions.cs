namespace OrleansBackend.Runtime.Membership.Postgres;

/// <summary>The PostgreSQL membership table (configuration section <c>Cluster:Membership</c>).</summary>
public sealed class PostgresMembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster:Membership";

    /// <summary>An Npgsql connection string, for example <c>Host=127.0.0.1;Port=5432;Username=postgres;Database=backend</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How long opening a connection may take before the operation fails (whole seconds; overrides the connection string).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one statement may run before it fails (whole seconds; overrides the connection string). A whole
    /// operation fails within <see cref="ConnectTimeout"/> plus this.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most connections the table keeps open (overrides the connection string). Membership writes are rare and
    /// small; a small pool suits a machine with few cores.
    /// </summary>
    public int MaxPoolSize { get; set; } = 4;
}
