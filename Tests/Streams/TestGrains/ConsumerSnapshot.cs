using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>What a consumer grain applied: values in order, the last sequence, and what it saw twice or out of order.</summary>
[GenerateSerializer]
public sealed class ConsumerSnapshot
{
    [Id(0)]
    public List<int> Values { get; set; } = [];

    [Id(1)]
    public long LastSequence { get; set; }

    [Id(2)]
    public int Redelivered { get; set; }

    [Id(3)]
    public int Gaps { get; set; }

    [Id(4)]
    public List<long> Sequences { get; set; } = [];
}
