using System.Reflection;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains;

namespace OrleansBackend.Tests.Persistence;

/// <summary>
/// Every grain class of the Grains assembly stores its state under a state name of its own: a row's key is the state
/// name and the grain's key, so two classes sharing a name (with keys that can meet) would read and overwrite each
/// other's rows.
/// </summary>
public sealed class StateNameTests
{
    [Fact]
    public void EveryGrainClassHasItsOwnStateNames()
    {
        var states = PersistentStatesOfGrainClasses();
        Assert.NotEmpty(states);

        var shared = states
            .GroupBy(s => (s.Storage, s.StateName))
            .Where(g => g.Select(s => s.Grain).Distinct().Count() > 1)
            .Select(g => $"'{g.Key.StateName}' in storage '{g.Key.Storage}': {string.Join(", ", g.Select(s => s.Grain.Name).Distinct())}")
            .ToList();
        Assert.True(shared.Count == 0, "State names shared by grain classes: " + string.Join("; ", shared));

        var twiceInOneClass = states.GroupBy(s => (s.Grain, s.Storage, s.StateName)).Where(g => g.Count() > 1).Select(g => g.Key.Grain.Name).ToList();
        Assert.Empty(twiceInOneClass);
    }

    [Fact]
    public void EveryDurableGrainClassDeclaresAPersistentState()
    {
        // A durable grain without a [PersistentState] parameter would have nothing to scan (and nothing to store).
        var durable = typeof(DurableGrain).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(DurableGrain).IsAssignableFrom(t))
            .ToList();
        var withState = PersistentStatesOfGrainClasses().Select(s => s.Grain).ToHashSet();

        Assert.NotEmpty(durable);
        Assert.All(durable, grain => Assert.Contains(grain, withState));
    }

    private static List<(Type Grain, string Storage, string StateName)> PersistentStatesOfGrainClasses() =>
        [.. typeof(DurableGrain).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t))
            .SelectMany(grain => grain.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(c => c.GetParameters())
                .Select(p => p.GetCustomAttribute<PersistentStateAttribute>())
                .OfType<PersistentStateAttribute>()
                .Select(a => (grain, a.StorageName ?? "Default", a.StateName)))];
}
