using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>A single silo on the generic host with the storage a test chooses; stop it and start another on the same database to test restarts.</summary>
public sealed class StorageSilo : IAsyncDisposable
{
    private StorageSilo(IHost host)
    {
        Host = host;
    }

    public IHost Host { get; }

    public IGrainFactory GrainFactory => Host.Services.GetRequiredService<IGrainFactory>();

    public IGrainStorage Storage => Host.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);

    public static async Task<StorageSilo> StartAsync(
        string serviceId,
        Action<ISiloBuilder> configure,
        TimeProvider? timeProvider = null,
        IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Silo:ServiceId"] = serviceId,
            ["Silo:SiloName"] = $"storage-test-{Guid.NewGuid():N}",
        };
        if (configuration is not null)
        {
            foreach (var (key, value) in configuration)
            {
                settings[key] = value;
            }
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseSilo(silo =>
        {
            if (timeProvider is not null)
            {
                silo.UseTimeProvider(timeProvider);
            }

            configure(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new StorageSilo(host);
    }

    public T GetService<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>Stops gracefully (grains deactivate, the database is released).</summary>
    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(TimeSpan.FromSeconds(20));
        if (Host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
