using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Placement;

/// <summary>
/// Rendezvous (highest random weight) hashing: a grain belongs to the active silo whose combined hash with the
/// grain's is highest. Every silo and client computes the same owner from the same view without asking anyone;
/// adding a silo moves only the grains that now rank it first (about 1/N of them), and the spread is even.
/// </summary>
internal sealed class GrainPlacement
{
    private readonly ClusterMembershipView _view;

    public GrainPlacement(ClusterMembershipView view)
    {
        _view = view;
    }

    /// <summary>How many silos own grains under the current view.</summary>
    public int ActiveSiloCount => _view.Current.ActiveSilos.Count;

    /// <summary>The owner of a grain under the current view; null when no silo is active.</summary>
    public SiloAddress? GetOwner(GrainId grainId) => GetOwner(_view.Current, grainId.UniformHash);

    /// <summary>The owner of a grain among the active silos except <paramref name="excluded"/> (silos known to be leaving).</summary>
    public SiloAddress? GetOwner(GrainId grainId, SiloAddress[] excluded)
    {
        var snapshot = _view.Current;
        var hashes = snapshot.ActiveSiloHashes;
        SiloAddress? best = null;
        var bestScore = 0UL;
        for (var i = 0; i < hashes.Length; i++)
        {
            var silo = snapshot.ActiveSilos[i];
            if (Array.IndexOf(excluded, silo) >= 0)
            {
                continue;
            }

            var score = StableHash.Combine(grainId.UniformHash, hashes[i]);
            if (best is null || score > bestScore)
            {
                best = silo;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>The owner of a partition of a partitioned resource (stream queues, reminder ranges).</summary>
    public SiloAddress? GetOwner(string resource, int partition) =>
        GetOwner(_view.Current, StableHash.Combine(StableHash.Of(resource), (ulong)partition + 1));

    /// <summary>The owner of a hash under a given view.</summary>
    public static SiloAddress? GetOwner(ClusterMembershipSnapshot snapshot, ulong hash)
    {
        var hashes = snapshot.ActiveSiloHashes;
        if (hashes.Length == 0)
        {
            return null;
        }

        var best = 0;
        var bestScore = StableHash.Combine(hash, hashes[0]);
        for (var i = 1; i < hashes.Length; i++)
        {
            var score = StableHash.Combine(hash, hashes[i]);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return snapshot.ActiveSilos[best];
    }
}
