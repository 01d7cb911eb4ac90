using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBackend.Grains.Hosting;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>
/// The silo's default grain storage, except that a write of an armed grain, once stored, never answers: its grain
/// hangs between the state write and whatever came next (the publish), as if its silo died at that moment.
/// </summary>
public sealed class HaltAfterWriteStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>The storage's name.</summary>
    public const string Name = "HaltAfterWrite";

    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Armed = new(StringComparer.Ordinal);

    /// <summary>Adds the storage to a silo (over its <c>Default</c> storage).</summary>
    public static void AddTo(ISiloBuilder silo) =>
        silo.Services.AddKeyedSingleton<IGrainStorage>(Name, (services, _) => new HaltAfterWriteStorage(services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default)));

    /// <summary>Halts the next write of grain <paramref name="key"/>; the task completes once that write is stored.</summary>
    public static Task Arm(string key)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Armed[key] = stored;
        return stored.Task;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (Armed.TryRemove(grainId.Key.ToString()!, out var stored))
        {
            stored.SetResult();
            await new TaskCompletionSource().Task;
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
