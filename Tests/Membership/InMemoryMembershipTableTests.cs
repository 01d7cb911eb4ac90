using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Tests.Membership;

/// <summary>The reference implementation against the shared semantics.</summary>
public sealed class InMemoryMembershipTableTests : MembershipTableConformanceTests
{
    private readonly Dictionary<string, InMemoryMembershipTable> _clusters = new(StringComparer.Ordinal);

    protected override IMembershipTable CreateTable(string clusterId)
    {
        lock (_clusters)
        {
            // One process-wide table per cluster: every "client" of a cluster shares it.
            if (!_clusters.TryGetValue(clusterId, out var table))
            {
                table = new InMemoryMembershipTable();
                _clusters[clusterId] = table;
            }

            return table;
        }
    }
}
