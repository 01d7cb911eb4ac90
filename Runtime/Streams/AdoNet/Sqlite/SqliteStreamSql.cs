using System.Collections.Concurrent;

namespace OrleansBackend.Runtime.Streams.AdoNet.Sqlite;

/// <summary>The SQLite statements of the durable stream provider (tables: Persistence/AdoNet/Sqlite/Migrations).</summary>
internal static class SqliteStreamSql
{
    private static readonly ConcurrentDictionary<int, string> InsertEventsCache = new();
    private static readonly ConcurrentDictionary<int, string> ReadHeadsCache = new();
    private static readonly ConcurrentDictionary<int, string> UpsertHeadsCache = new();

    /// <summary>Inserts <paramref name="rows"/> events (<c>@n</c>, <c>@k</c>, <c>@s</c>, <c>@p</c>, <c>@t</c>, <c>@b</c> + index; <c>@service</c>, <c>@now</c>).</summary>
    public static string InsertEvents(int rows) => InsertEventsCache.GetOrAdd(rows, static count =>
        "INSERT INTO stream_events (service_id, stream_namespace, stream_key, sequence, partition, event_type, payload, created_at) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@service, @n{i}, @k{i}, @s{i}, @p{i}, @t{i}, @b{i}, @now)")));

    /// <summary>The heads of <paramref name="streams"/> streams (<c>@n</c>, <c>@k</c> + index).</summary>
    public static string ReadHeads(int streams) => ReadHeadsCache.GetOrAdd(streams, static count =>
        "SELECT stream_namespace, stream_key, last_sequence FROM stream_heads WHERE service_id = @service AND (stream_namespace, stream_key) IN (VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@n{i}, @k{i})")) + ")");

    /// <summary>Sets the heads of <paramref name="streams"/> streams (<c>@n</c>, <c>@k</c>, <c>@l</c> + index).</summary>
    public static string UpsertHeads(int streams) => UpsertHeadsCache.GetOrAdd(streams, static count =>
        "INSERT INTO stream_heads (service_id, stream_namespace, stream_key, last_sequence) VALUES " +
        string.Join(", ", Enumerable.Range(0, count).Select(i => $"(@service, @n{i}, @k{i}, @l{i})")) +
        " ON CONFLICT (service_id, stream_namespace, stream_key) DO UPDATE SET last_sequence = excluded.last_sequence");

    /// <summary>Only existing rows are updated (an unsubscribed subscription must not come back); forward only, within the epoch.</summary>
    public const string SavePosition =
        "UPDATE stream_subscriptions SET position = @position " +
        "WHERE service_id = @service AND provider = @provider AND stream_namespace = @ns AND stream_key = @key AND subscription_id = @id " +
        "AND epoch = @epoch AND position < @position";

    public const string SaveCheckpoint =
        "INSERT INTO stream_checkpoints (service_id, provider, partition, last_id, modified_at_ms) VALUES (@service, @provider, @partition, @last, @now) " +
        "ON CONFLICT (service_id, provider, partition) DO UPDATE SET last_id = excluded.last_id, modified_at_ms = excluded.modified_at_ms";

    public const string NextVersion =
        "INSERT INTO stream_subscription_versions (service_id, provider, version) VALUES (@service, @provider, 1) " +
        "ON CONFLICT (service_id, provider) DO UPDATE SET version = version + 1 RETURNING version";

    public const string AddChange =
        "INSERT INTO stream_subscription_changes (service_id, provider, version, stream_namespace, stream_key, changed_at_ms) VALUES (@service, @provider, @version, @ns, @key, @now)";

    public const string AddDeadLetter =
        "INSERT INTO stream_dead_letters (service_id, provider, stream_namespace, stream_key, sequence, event_id, event_type, payload, created_at_ms, subscription_id, consumer_type, consumer_key, error, attempts, failed_at_ms) " +
        "VALUES (@service, @provider, @ns, @key, @sequence, @event, @type, @payload, @created, @id, @consumerType, @consumerKey, @error, @attempts, @failed)";

    public const string ReadDeadLetters =
        "SELECT stream_namespace, stream_key, sequence, event_type, event_id, payload, created_at_ms, subscription_id, consumer_type, consumer_key, error, attempts, failed_at_ms " +
        "FROM stream_dead_letters WHERE service_id = @service AND provider = @provider ORDER BY id LIMIT @limit";
}
