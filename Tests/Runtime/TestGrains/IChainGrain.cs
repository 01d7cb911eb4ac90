using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Runtime.TestGrains;

public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="otherKey"/>, which calls back into this grain.</summary>
    Task<string> CallThrough(string otherKey);

    Task<string> CallBack(string originKey);

    Task<string> Name();
}

public sealed class ChainGrain : Grain, IChainGrain
{
    public async Task<string> CallThrough(string otherKey)
    {
        var other = GrainFactory.GetGrain<IChainGrain>(otherKey);
        var answer = await other.CallBack(this.GetPrimaryKeyString());
        return $"{this.GetPrimaryKeyString()}>{answer}";
    }

    public async Task<string> CallBack(string originKey)
    {
        var origin = GrainFactory.GetGrain<IChainGrain>(originKey);
        var name = await origin.Name();
        return $"{this.GetPrimaryKeyString()}>{name}";
    }

    public Task<string> Name() => Task.FromResult(this.GetPrimaryKeyString());
}
