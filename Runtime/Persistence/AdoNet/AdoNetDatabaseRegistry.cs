namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// The databases of one silo, one instance per physical database: grain storages and the reminder table that
/// point at the same database share its pool and (on SQLite) its single writer. Disposed with the silo's
/// services, after every grain has written its state on the way down.
/// </summary>
internal sealed class AdoNetDatabaseRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, AdoNetDatabase> _databases = new(StringComparer.Ordinal);

    public AdoNetDatabase GetOrAdd(string key, Func<AdoNetDatabase> create)
    {
        lock (_databases)
        {
            if (!_databases.TryGetValue(key, out var database))
            {
                _databases[key] = database = create();
            }

            return database;
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<AdoNetDatabase> databases;
        lock (_databases)
        {
            databases = [.. _databases.Values];
            _databases.Clear();
        }

        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }
}
