using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Runtime.TestGrains;

public interface IBarrierGrain : IGrainWithStringKey
{
    /// <summary>Completes only when <paramref name="expected"/> calls are inside the grain at once.</summary>
    Task<int> Enter(string gateKey, int expected);
}

[Reentrant]
public sealed class ReentrantBarrierGrain : Grain, IBarrierGrain
{
    public async Task<int> Enter(string gateKey, int expected)
    {
        var gate = Probe.Gate(gateKey);
        if (gate.Arrive() >= expected)
        {
            gate.Release.TrySetResult();
        }

        await gate.Release.Task;
        return gate.Count;
    }
}
