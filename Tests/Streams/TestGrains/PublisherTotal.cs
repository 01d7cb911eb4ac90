using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Tests.Streams.TestGrains;

[GenerateSerializer]
public sealed class PublisherTotal
{
    [Id(0)]
    public int Total { get; set; }
}
