namespace OrleansBackend.Hosting;

/// <summary>
/// The <c>Orleans</c> provider settings of a backend silo on one database, as configuration key/value pairs: grain
/// storage <c>Default</c>, reminders and the <c>Events</c> stream provider, all through <c>ConnectionStrings:orleans</c>.
/// For hosts that configure a silo in code rather than in appsettings.json — a test cluster, a tool.
/// </summary>
public static class BackendSiloSettings
{
    /// <summary>Everything in the SQLite file <paramref name="databaseFile"/> (created with its folder; relative to the working directory).</summary>
    public static IReadOnlyDictionary<string, string?> Sqlite(string databaseFile) => new Dictionary<string, string?>
    {
        ["ConnectionStrings:orleans"] = $"Data Source={databaseFile}",
        ["Orleans:GrainStorage:Default:ProviderType"] = "AdoNet",
        ["Orleans:GrainStorage:Default:Invariant"] = Database.AdoNetInvariants.Sqlite,
        ["Orleans:GrainStorage:Default:ConnectionName"] = "orleans",
        ["Orleans:Reminders:ProviderType"] = "AdoNet",
        ["Orleans:Reminders:Invariant"] = Database.AdoNetInvariants.Sqlite,
        ["Orleans:Reminders:ConnectionName"] = "orleans",
        ["Orleans:Streaming:Events:ProviderType"] = "Sqlite",
        ["Orleans:Streaming:Events:ConnectionName"] = "orleans",
    };

    /// <summary>Everything in the PostgreSQL database <paramref name="connectionString"/> names (Npgsql syntax).</summary>
    public static IReadOnlyDictionary<string, string?> PostgreSql(string connectionString) => new Dictionary<string, string?>
    {
        ["ConnectionStrings:orleans"] = connectionString,
        ["Orleans:GrainStorage:Default:ProviderType"] = "AdoNet",
        ["Orleans:GrainStorage:Default:Invariant"] = Database.AdoNetInvariants.PostgreSql,
        ["Orleans:GrainStorage:Default:ConnectionName"] = "orleans",
        ["Orleans:Reminders:ProviderType"] = "AdoNet",
        ["Orleans:Reminders:Invariant"] = Database.AdoNetInvariants.PostgreSql,
        ["Orleans:Reminders:ConnectionName"] = "orleans",
        ["Orleans:Streaming:Events:ProviderType"] = "AdoNet",
        ["Orleans:Streaming:Events:Invariant"] = Database.AdoNetInvariants.PostgreSql,
        ["Orleans:Streaming:Events:ConnectionName"] = "orleans",
    };

    /// <summary>
    /// As <see cref="PostgreSql"/>, with grain storage <c>Default</c> on the project's group-commit provider
    /// (<c>ProviderType = PostgresGroupCommit</c>) instead of Orleans' ADO.NET one.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> PostgreSqlGroupCommit(string connectionString) =>
        new Dictionary<string, string?>(PostgreSql(connectionString))
        {
            ["Orleans:GrainStorage:Default:ProviderType"] = Postgres.PostgresGroupCommitProviderBuilder.ProviderType,
            ["Orleans:GrainStorage:Default:Invariant"] = null,
        };
}
