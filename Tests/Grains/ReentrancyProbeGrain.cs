using Orleans;
using Orleans.Runtime;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Bounces a call between two grains. Orleans grains are not reentrant, so the call back would wait for the call it
/// came from: each hop opts in to call-chain reentrancy, the way a deliberate cycle is made to work.
/// </summary>
public sealed class ReentrancyProbeGrain : Grain, IReentrancyProbeGrain
{
    /// <inheritdoc />
    public async Task<int> Bounce(IReentrancyProbeGrain other, int hops)
    {
        if (hops == 0)
        {
            return 0;
        }

        using (RequestContext.AllowCallChainReentrancy())
        {
            return 1 + await other.Bounce(this.AsReference<IReentrancyProbeGrain>(), hops - 1);
        }
    }
}
