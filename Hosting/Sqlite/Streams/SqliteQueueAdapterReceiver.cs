using System.Text;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace OrleansBackend.Hosting.Sqlite.Streams;

/// <summary>
/// Reads one SQLite stream queue in message order for its pulling agent, and deletes messages once the agent's cache
/// has given them to every consumer. What was not deleted when the silo stopped is read again by the next agent, so
/// delivery is at least once.
/// </summary>
internal sealed class SqliteQueueAdapterReceiver : IQueueAdapterReceiver
{
    private readonly string _providerName;
    private readonly string _serviceId;
    private readonly string _queueId;
    private readonly SqliteStreamOptions _options;
    private readonly Serializer<SqliteBatchContainer> _serializer;
    private readonly SqliteWriteGate _gate;
    private long _lastRead;

    public SqliteQueueAdapterReceiver(
        string providerName,
        string serviceId,
        QueueId queueId,
        SqliteStreamOptions options,
        Serializer<SqliteBatchContainer> serializer,
        SqliteWriteGate gate)
    {
        _providerName = providerName;
        _serviceId = serviceId;
        _queueId = queueId.ToString();
        _options = options;
        _serializer = serializer;
        _gate = gate;
    }

    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        await using var connection = new SqliteConnection(_options.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT message_id, payload FROM orleans_stream_queue
             WHERE service_id = @service AND provider_id = @provider AND queue_id = @queue AND message_id > @after
             ORDER BY message_id LIMIT @limit
            """;
        command.Parameters.AddWithValue("@service", _serviceId);
        command.Parameters.AddWithValue("@provider", _providerName);
        command.Parameters.AddWithValue("@queue", _queueId);
        command.Parameters.AddWithValue("@after", _lastRead);
        command.Parameters.AddWithValue("@limit", Math.Min(Math.Max(maxCount, 1), _options.ReadBatchSize));
        var batches = new List<IBatchContainer>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetInt64(0);
            var container = _serializer.Deserialize((byte[])reader.GetValue(1))
                ?? throw new InvalidDataException($"Stream message {id} holds no batch.");
            container.Token = new(id);
            batches.Add(container);
            _lastRead = id;
        }

        return batches;
    }

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var ids = new StringBuilder("[");
        foreach (var message in messages)
        {
            ids.Append(ids.Length > 1 ? "," : string.Empty).Append(((SqliteBatchContainer)message).Token.SequenceNumber);
        }

        ids.Append(']');
        // Not waited for until durable: a delete lost in a power cut only delivers those messages again (at least once).
        await _gate.RunAsync(
            async () =>
            {
                await using var connection = SqliteDataSource.CreateConnection(_options.ConnectionString, syncEachCommit: false);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM orleans_stream_queue WHERE message_id IN (SELECT value FROM json_each(@ids))";
                command.Parameters.AddWithValue("@ids", ids.ToString());
                await command.ExecuteNonQueryAsync();
            },
            durable: false);
    }

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;
}
