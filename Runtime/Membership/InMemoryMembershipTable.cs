using System.Globalization;

namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// The membership table in process memory (tests and the embedded single-process mode). Silos of one
/// <see cref="Testing.TestCluster"/> share one instance.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly object _lock = new();
    private readonly Dictionary<string, (MembershipEntry Entry, long Etag)> _rows = new(StringComparer.Ordinal);
    private long _version;
    private long _etagCounter;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var rows = _rows.Values
                .Select(r => new MembershipTableRow(r.Entry, r.Etag.ToString(CultureInfo.InvariantCulture)))
                .ToList();
            return Task.FromResult(new MembershipTableSnapshot(_version, rows));
        }
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = entry.Address.ToParsableString();
            if (_version != expectedVersion || _rows.ContainsKey(key))
            {
                return Task.FromResult(false);
            }

            _rows[key] = (entry, ++_etagCounter);
            _version++;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = entry.Address.ToParsableString();
            if (_version != expectedVersion || !_rows.TryGetValue(key, out var current)
                || current.Etag.ToString(CultureInfo.InvariantCulture) != etag)
            {
                return Task.FromResult(false);
            }

            _rows[key] = (entry, ++_etagCounter);
            _version++;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = address.ToParsableString();
            if (_rows.TryGetValue(key, out var current))
            {
                _rows[key] = (current.Entry with { IAmAliveTime = iAmAliveTime }, current.Etag);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> CleanupDefunctEntriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var defunct = _rows.Where(r => r.Value.Entry.Status == SiloStatus.Dead && r.Value.Entry.IAmAliveTime < olderThan).Select(r => r.Key).ToList();
            foreach (var key in defunct)
            {
                _rows.Remove(key);
            }

            return Task.FromResult(defunct.Count);
        }
    }

    /// <inheritdoc />
    public Task DeleteClusterAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _rows.Clear();
            _version = 0;
        }

        return Task.CompletedTask;
    }
}
