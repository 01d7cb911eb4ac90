namespace OrleansBackend.Tests.Streams;

/// <summary>
/// Stream tests start 3-silo clusters; running them one class at a time keeps the 2-core machine from starving
/// membership probes while the rest of the suite runs in parallel.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StreamCollection
{
    public const string Name = "Streams";
}
