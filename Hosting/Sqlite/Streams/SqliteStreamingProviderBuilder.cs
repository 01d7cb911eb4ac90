using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using OrleansBackend.Hosting.Database;
using OrleansBackend.Hosting.Sqlite.Streams;
using OrleansBackend.Hosting.Streams;

[assembly: RegisterProvider("Sqlite", "Streaming", "Silo", typeof(SqliteStreamingProviderBuilder))]

namespace OrleansBackend.Hosting.Sqlite.Streams;

/// <summary>Lets <c>Orleans:Streaming:&lt;name&gt;:ProviderType = Sqlite</c> select the backend's SQLite stream provider.</summary>
internal sealed class SqliteStreamingProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection)
    {
        builder.Services.AddOptions<SqliteStreamOptions>(name)
            .Bind(configurationSection)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = ConfiguredDatabases.ConnectionStringOf(configuration, configurationSection) ?? string.Empty);
        builder.AddPersistentStreams(name!, SqliteQueueAdapterFactory.Create, stream => StreamProviderConfiguration.Apply(stream, configurationSection));
    }
}
