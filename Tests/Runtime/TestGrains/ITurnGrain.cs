using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Runtime.TestGrains;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Yields <paramref name="yields"/> times inside the turn; returns the highest concurrency it saw.</summary>
    Task<int> Work(int yields);

    /// <summary>Signals the gate's Entered and waits for its Release.</summary>
    Task Hold(string gateKey);

    Task<int> Ping();

    Task Append(int value);

    Task<List<int>> GetLog();

    /// <summary>A read-only request that arrives at a barrier of <paramref name="expected"/> readers.</summary>
    [ReadOnly]
    Task<int> Read(string gateKey, int expected);

    [AlwaysInterleave]
    Task<int> Interleaved();
}
