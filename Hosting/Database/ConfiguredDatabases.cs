using Microsoft.Extensions.Configuration;
using OrleansBackend.Hosting.Postgres;

namespace OrleansBackend.Hosting.Database;

/// <summary>The databases the <c>Orleans</c> configuration section points its ADO.NET and SQLite providers at.</summary>
public static class ConfiguredDatabases
{
    /// <summary>
    /// Every database named by <c>Orleans:GrainStorage:*</c>, <c>Orleans:Reminders</c> and <c>Orleans:Streaming:*</c>
    /// (an <c>Invariant</c> — implied by ProviderType <c>Sqlite</c> and <c>PostgresGroupCommit</c> — and a
    /// <c>ConnectionString</c>, or a <c>ConnectionName</c> under <c>ConnectionStrings</c>), each once.
    /// </summary>
    public static IReadOnlyCollection<DatabaseTarget> Read(IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
        var sections = orleans.GetSection("GrainStorage").GetChildren()
            .Append(orleans.GetSection("Reminders"))
            .Concat(orleans.GetSection("Streaming").GetChildren());
        var targets = new HashSet<DatabaseTarget>();
        foreach (var section in sections)
        {
            var invariant = section["ProviderType"] switch
            {
                var type when string.Equals(type, "Sqlite", StringComparison.OrdinalIgnoreCase) => AdoNetInvariants.Sqlite,
                var type when string.Equals(type, PostgresGroupCommitProviderBuilder.ProviderType, StringComparison.OrdinalIgnoreCase) => AdoNetInvariants.PostgreSql,
                _ => section["Invariant"],
            };
            var connectionString = ConnectionStringOf(configuration, section);
            if (AdoNetInvariants.EngineOf(invariant) is { } engine && !string.IsNullOrWhiteSpace(connectionString))
            {
                targets.Add(new DatabaseTarget(engine, connectionString));
            }
        }

        return targets;
    }

    /// <summary>A provider section's <c>ConnectionString</c>, or the connection string its <c>ConnectionName</c> names.</summary>
    public static string? ConnectionStringOf(IConfiguration configuration, IConfigurationSection section) =>
        section["ConnectionString"] is { Length: > 0 } connectionString
            ? connectionString
            : section["ConnectionName"] is { Length: > 0 } name ? configuration.GetConnectionString(name) : null;
}
