using Orleans;

namespace OrleansBackend.Tests.Grains;

/// <summary>A test grain that calls another and lets it call back: the A → B → A chain the call-chain recorder must catch.</summary>
[Alias("OrleansBackend.Tests.IReentrancyProbeGrain")]
public interface IReentrancyProbeGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="other"/> back and forth <paramref name="hops"/> times; answers the hops made.</summary>
    [Alias("Bounce")]
    Task<int> Bounce(IReentrancyProbeGrain other, int hops);
}
