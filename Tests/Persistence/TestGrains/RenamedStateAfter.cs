using Orleans;

namespace OrleansBackend.Tests.Persistence.TestGrains;

/// <summary><see cref="RenamedStateBefore"/> after the class was renamed: the same field ids.</summary>
[GenerateSerializer, Alias("OrleansBackend.Tests.Persistence.RenamedStateAfter")]
public sealed class RenamedStateAfter
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int Count { get; set; }

    [Id(2)]
    public object? Detail { get; set; }
}
