using Orleans;

namespace OrleansBackend.Tests.Persistence.TestGrains;

/// <summary>A durable counter with a reminder, to see what survives a silo restart.</summary>
[Alias("OrleansBackend.Tests.Persistence.IRestartProbeGrain")]
public interface IRestartProbeGrain : IGrainWithStringKey
{
    /// <summary>Adds to the stored total and returns it.</summary>
    [Alias("Add")]
    Task<int> Add(int amount);

    /// <summary>The stored total.</summary>
    [Alias("GetTotal")]
    Task<int> GetTotal();

    /// <summary>Registers (or updates) the grain's reminder.</summary>
    [Alias("StartReminder")]
    Task StartReminder(TimeSpan period);
}
