using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Metadata;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.Memory;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Configuration helpers for <see cref="ISiloBuilder"/>.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Adds in-memory grain storage under <paramref name="name"/> (a shared instance may be passed for test clusters).</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = GrainStorageNames.Default, MemoryGrainStorage? storage = null)
    {
        if (storage is null)
        {
            builder.Services.AddKeyedSingleton<IGrainStorage, MemoryGrainStorage>(name);
        }
        else
        {
            builder.Services.AddKeyedSingleton<IGrainStorage>(name, storage);
        }

        return builder;
    }

    /// <summary>Adds a filter that runs around every incoming grain call on the silo.</summary>
    public static ISiloBuilder AddIncomingGrainCallFilter<TFilter>(this ISiloBuilder builder)
        where TFilter : class, IIncomingGrainCallFilter
    {
        builder.Services.AddSingleton<IIncomingGrainCallFilter, TFilter>();
        return builder;
    }

    /// <summary>Adds a filter instance that runs around every incoming grain call on the silo.</summary>
    public static ISiloBuilder AddIncomingGrainCallFilter(this ISiloBuilder builder, IIncomingGrainCallFilter filter)
    {
        builder.Services.AddSingleton(filter);
        return builder;
    }

    /// <summary>Adds an assembly whose grains the silo should know even if discovery misses it.</summary>
    public static ISiloBuilder AddApplicationPart(this ISiloBuilder builder, Assembly assembly)
    {
        var descriptor = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(ApplicationPartManager) && d.ImplementationInstance is not null);
        var manager = descriptor?.ImplementationInstance as ApplicationPartManager;
        if (manager is null)
        {
            manager = new ApplicationPartManager();
            builder.Services.RemoveAll<ApplicationPartManager>();
            builder.Services.AddSingleton(manager);
        }

        manager.Add(assembly);
        return builder;
    }

    /// <summary>Uses <paramref name="timeProvider"/> for timers, timeouts and idle collection (tests pass a manual clock).</summary>
    public static ISiloBuilder UseTimeProvider(this ISiloBuilder builder, TimeProvider timeProvider)
    {
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton(timeProvider);
        return builder;
    }

    /// <summary>Configures an options class of the silo in code.</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configure)
        where TOptions : class
    {
        builder.Services.Configure(configure);
        return builder;
    }
}
