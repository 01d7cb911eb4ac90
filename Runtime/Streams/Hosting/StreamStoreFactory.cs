using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Persistence.AdoNet;
using OrleansBackend.Runtime.Persistence.AdoNet.Postgres;
using OrleansBackend.Runtime.Persistence.AdoNet.Sqlite;
using OrleansBackend.Runtime.Persistence.Memory;
using OrleansBackend.Runtime.Streams.AdoNet.Postgres;
using OrleansBackend.Runtime.Streams.AdoNet.Sqlite;
using OrleansBackend.Runtime.Streams.Storage;

namespace OrleansBackend.Runtime.Streams.Hosting;

/// <summary>Creates a durable provider's store on the database (or memory) of a grain storage.</summary>
internal static class StreamStoreFactory
{
    private const int MaxAppendBatch = 1024;

    private static UnavailableStreamStore Unavailable(IServiceProvider services, string reason)
    {
        services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBackend.Runtime.Streams").LogError("{Reason}", reason);
        return new UnavailableStreamStore(reason, StreamPartitioner.DefaultPartitionCount);
    }

    public static IStreamStore CreateDurable(IServiceProvider services, string providerName, string storageName)
    {
        var storage = services.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException($"Stream provider '{providerName}' keeps its events in grain storage '{storageName}', which is not registered.");
        return storage switch
        {
            AdoNetGrainStorage { Database: PostgresDatabase database } => new PostgresStreamStore(database, providerName, MaxAppendBatch),
            AdoNetGrainStorage { Database: SqliteDatabase database } => new SqliteStreamStore(database, providerName, MaxAppendBatch),
            MemoryGrainStorage memory => new MemoryStreamStore(memory, providerName),
            _ => Unavailable(services, $"Stream provider '{providerName}': grain storage '{storageName}' ({storage.GetType().Name}) keeps no events; a durable stream provider needs PostgreSQL, SQLite or memory grain storage."),
        };
    }
}
