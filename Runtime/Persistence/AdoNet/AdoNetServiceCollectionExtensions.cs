using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>Registration plumbing the dialects' silo builder extensions share.</summary>
internal static class AdoNetServiceCollectionExtensions
{
    /// <summary>Adds the registry and the start-up migration (once per silo).</summary>
    public static void AddAdoNetCore(this IServiceCollection services)
    {
        services.TryAddSingleton<AdoNetDatabaseRegistry>();
        services.TryAddSingleton<StorageMetrics>();
        if (!services.Any(d => d.ServiceType == typeof(IHostedServiceMarker)))
        {
            services.AddSingleton<IHostedServiceMarker, HostedServiceMarker>();
            services.AddHostedService<AdoNetSchemaInitializer>();
        }
    }

    /// <summary>Binds and validates named options from <c>GrainStorage:&lt;name&gt;</c> (or <c>Reminders:Storage</c>).</summary>
    public static void AddAdoNetOptions<TOptions, TValidator>(this IServiceCollection services, string optionsName, Action<TOptions>? configure)
        where TOptions : AdoNetStorageOptions
        where TValidator : class, IValidateOptions<TOptions>
    {
        var options = services.AddOptions<TOptions>(optionsName).BindConfiguration(AdoNetStorageOptionsValidator.SectionOf(optionsName)).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }

    /// <summary>Registers grain storage <paramref name="name"/> on the database the factory returns.</summary>
    public static void AddAdoNetGrainStorage(this IServiceCollection services, string name, Func<IServiceProvider, AdoNetDatabase> database)
    {
        services.AddAdoNetCore();
        services.AddSingleton(new AdoNetDatabaseRegistration(name, database));
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new AdoNetGrainStorage(database(sp)));
        services.AddKeyedSingleton<IOutboxEventReader>(name, (sp, _) => (IOutboxEventReader)sp.GetRequiredKeyedService<IGrainStorage>(name));
    }

    /// <summary>The database of named options, shared with every other user of the same <paramref name="key"/>.</summary>
    public static AdoNetDatabase GetDatabase<TOptions>(this IServiceProvider services, string optionsName, Func<TOptions, string> key, Func<string, TOptions, StorageMetrics, ILogger, AdoNetDatabase> create)
        where TOptions : AdoNetStorageOptions
    {
        var options = services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName);
        var serviceId = services.GetRequiredService<IOptions<SiloOptions>>().Value.ServiceId;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBackend.Runtime.Persistence.AdoNet");
        var metrics = services.GetRequiredService<StorageMetrics>();
        return services.GetRequiredService<AdoNetDatabaseRegistry>().GetOrAdd(
            $"{typeof(TOptions).Name}\n{serviceId}\n{key(options)}",
            () => create(serviceId, options, metrics, logger));
    }

    /// <summary>Marks that the shared ADO.NET services are registered.</summary>
    private interface IHostedServiceMarker
    {
    }

    private sealed class HostedServiceMarker : IHostedServiceMarker
    {
    }
}
