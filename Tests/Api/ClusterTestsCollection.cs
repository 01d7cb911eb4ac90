namespace OrleansBackend.Tests.Api;

/// <summary>
/// The Api tests that run their own cluster of two silos: one at a time, since each cluster is two silos, their stream
/// agents and Api instances on a machine with two cores (the other collections still run beside them).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterTestsCollection
{
    public const string Name = "Api on a cluster";
}
