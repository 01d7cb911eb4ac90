using Orleans;

namespace OrleansBackend.Tests.Persistence.TestGrains;

/// <summary>A small grain state for the storage contract tests.</summary>
[GenerateSerializer, Alias("OrleansBackend.Tests.Persistence.StoredValue")]
public sealed class StoredValue
{
    [Id(0)]
    public string Text { get; set; } = string.Empty;

    [Id(1)]
    public int Number { get; set; }
}
