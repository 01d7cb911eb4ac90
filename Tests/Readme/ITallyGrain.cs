using Orleans;

namespace OrleansBackend.Tests.Readme;

/// <summary>The README's example of "a grain of your own": a durable counter.</summary>
[Alias("OrleansBackend.Tests.ITallyGrain")]
public interface ITallyGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="amount"/> and answers the new total (written before it answers).</summary>
    [Alias("Add")]
    Task<long> Add(long amount);
}
