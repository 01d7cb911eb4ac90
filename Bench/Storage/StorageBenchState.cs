namespace OrleansBackend.Bench.Storage;

/// <summary>A small state, about the size of an account's hot state.</summary>
[GenerateSerializer, Alias("OrleansBackend.Bench.StorageBenchState")]
public sealed class StorageBenchState
{
    [Id(0)]
    public long Counter { get; set; }

    [Id(1)]
    public long LastValue { get; set; }

    [Id(2)]
    public string Label { get; set; } = string.Empty;
}
