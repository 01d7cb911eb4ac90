using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Runtime.TestGrains;

/// <summary>A grain extension for the runtime tests: callable on any grain, served by a per-activation object.</summary>
public interface IDescribeExtension : IGrainExtension
{
    /// <summary>The grain id and how many calls this activation's extension object served.</summary>
    Task<string> Describe();
}

/// <summary>An extension nobody registers.</summary>
public interface IUnregisteredExtension : IGrainExtension
{
    Task Poke();
}

public sealed class DescribeExtension(string grainId) : IDescribeExtension
{
    private int _calls;

    public Task<string> Describe() => Task.FromResult($"{grainId}#{++_calls}");
}
