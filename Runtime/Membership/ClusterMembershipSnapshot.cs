using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// One consistent view of the cluster: every silo row and, derived from it, the active silos that own grains.
/// Immutable; a new snapshot replaces the old one when the table changes.
/// </summary>
public sealed class ClusterMembershipSnapshot
{
    private readonly Dictionary<SiloAddress, MembershipEntry> _byAddress;

    /// <summary>Creates a snapshot from table rows.</summary>
    public ClusterMembershipSnapshot(long version, IReadOnlyList<MembershipEntry> members)
    {
        Version = version;
        Members = members;
        _byAddress = new Dictionary<SiloAddress, MembershipEntry>(members.Count);
        var active = new List<SiloAddress>();
        foreach (var member in members)
        {
            _byAddress[member.Address] = member;
            if (member.Status == SiloStatus.Active)
            {
                active.Add(member.Address);
            }
        }

        active.Sort(static (a, b) => string.CompareOrdinal(a.ToParsableString(), b.ToParsableString()));
        ActiveSilos = active;
        ActiveSiloHashes = new ulong[active.Count];
        for (var i = 0; i < active.Count; i++)
        {
            ActiveSiloHashes[i] = StableHash.Of(active[i].ToParsableString());
        }
    }

    /// <summary>An empty view (before the first read).</summary>
    public static ClusterMembershipSnapshot Empty { get; } = new(-1, []);

    /// <summary>The table version this view was read at.</summary>
    public long Version { get; }

    /// <summary>Every row.</summary>
    public IReadOnlyList<MembershipEntry> Members { get; }

    /// <summary>The silos that own grains now, in a stable order.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>The placement hash of each active silo (same order).</summary>
    internal ulong[] ActiveSiloHashes { get; }

    /// <summary>A silo's row, if the table has one.</summary>
    public MembershipEntry? Get(SiloAddress address) => _byAddress.GetValueOrDefault(address);

    /// <summary>True when the silo is active.</summary>
    public bool IsActive(SiloAddress address) => _byAddress.TryGetValue(address, out var entry) && entry.Status == SiloStatus.Active;

    /// <summary>True when the silo is dead or unknown to the table.</summary>
    public bool IsDeadOrUnknown(SiloAddress address) => !_byAddress.TryGetValue(address, out var entry) || entry.Status == SiloStatus.Dead;

    /// <summary>True when both views have the same silos in the same statuses.</summary>
    public bool HasSameStatuses(ClusterMembershipSnapshot other)
    {
        if (other.Members.Count != Members.Count)
        {
            return false;
        }

        foreach (var member in Members)
        {
            if (!other._byAddress.TryGetValue(member.Address, out var theirs) || theirs.Status != member.Status)
            {
                return false;
            }
        }

        return true;
    }
}
