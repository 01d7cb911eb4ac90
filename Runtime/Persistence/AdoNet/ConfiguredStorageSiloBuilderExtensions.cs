using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Chooses a silo's default grain storage and reminder table from configuration.</summary>
public static class ConfiguredStorageSiloBuilderExtensions
{
    /// <summary>The SQLite file used when none is configured: relative to the working directory.</summary>
    public const string DefaultSqliteFile = "data/state.db";

    /// <summary>
    /// Registers the default grain storage, the reminder table and the default (durable) stream provider in one
    /// database chosen by configuration:
    /// <c>Storage:Provider</c> = <c>sqlite</c> (file <c>Storage:ConnectionString</c>, by default
    /// <c>./data/state.db</c> under the working directory), <c>postgres</c> (connection string required) or
    /// <c>memory</c>. Without a configured provider, <paramref name="defaultProvider"/> is used.
    /// </summary>
    /// <exception cref="OptionsValidationException">The provider is unknown or a required value is missing; the message names the key.</exception>
    public static ISiloBuilder UseConfiguredStorage(this ISiloBuilder builder, string defaultProvider = "sqlite") =>
        builder.UseConfiguredGrainStorage(defaultProvider).AddDurableStreams(StreamProviderNames.Default, GrainStorageNames.Default);

    private static ISiloBuilder UseConfiguredGrainStorage(this ISiloBuilder builder, string defaultProvider)
    {
        var options = builder.Configuration.GetSection(StorageSelectionOptions.SectionName).Get<StorageSelectionOptions>() ?? new StorageSelectionOptions();
        var provider = (string.IsNullOrWhiteSpace(options.Provider) ? defaultProvider : options.Provider).Trim().ToLowerInvariant();
        var key = $"{StorageSelectionOptions.SectionName}:{nameof(StorageSelectionOptions.ConnectionString)}";
        switch (provider)
        {
            case "sqlite":
                var file = string.IsNullOrWhiteSpace(options.ConnectionString) ? DefaultSqliteFile : options.ConnectionString;
                return builder
                    .AddSqliteGrainStorage(GrainStorageNames.Default, o => o.DataSource = string.IsNullOrEmpty(o.DataSource) ? file : o.DataSource)
                    .AddSqliteReminderTable(o => o.DataSource = string.IsNullOrEmpty(o.DataSource) ? file : o.DataSource);
            case "postgres":
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw Invalid($"{key} is required when {StorageSelectionOptions.SectionName}:Provider is 'postgres'.");
                }

                return builder
                    .AddPostgresGrainStorage(GrainStorageNames.Default, options.ConnectionString)
                    .AddPostgresReminderTable(options.ConnectionString);
            case "memory":
                return builder.AddMemoryGrainStorage().AddMemoryReminderTable();
            default:
                throw Invalid($"{StorageSelectionOptions.SectionName}:Provider must be 'sqlite', 'postgres' or 'memory' (was '{options.Provider}').");
        }
    }

    private static OptionsValidationException Invalid(string message) =>
        new(StorageSelectionOptions.SectionName, typeof(StorageSelectionOptions), [message]);
}
