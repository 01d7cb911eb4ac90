using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using OrleansBackend.Hosting.Database;
using OrleansBackend.Hosting.Postgres;

[assembly: RegisterProvider(PostgresGroupCommitProviderBuilder.ProviderType, "GrainStorage", "Silo", typeof(PostgresGroupCommitProviderBuilder))]

namespace OrleansBackend.Hosting.Postgres;

/// <summary>
/// Lets <c>Orleans:GrainStorage:&lt;name&gt;:ProviderType = PostgresGroupCommit</c> select the group-commit grain
/// storage. The section gives <c>ConnectionString</c> or <c>ConnectionName</c> (an entry of <c>ConnectionStrings</c>), as
/// for Orleans' ADO.NET provider, and the options of <see cref="PostgresGroupCommitOptions"/> by name.
/// </summary>
internal sealed class PostgresGroupCommitProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    /// <summary>The <c>ProviderType</c> that selects this storage.</summary>
    public const string ProviderType = "PostgresGroupCommit";

    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.Services.AddPostgresGroupCommitGrainStorage(name!, options => options
            .Bind(configurationSection)
            .Configure<IConfiguration>((o, configuration) =>
                o.ConnectionString = ConfiguredDatabases.ConnectionStringOf(configuration, configurationSection) ?? string.Empty));
}
