using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace OrleansBackend.Hosting.Sqlite.Streams;

/// <summary>Appends stream events to the SQLite queue their stream hashes to (one row per batch, through the file's write gate).</summary>
internal sealed class SqliteQueueAdapter : IQueueAdapter
{
    private readonly SqliteStreamOptions _options;
    private readonly string _serviceId;
    private readonly IStreamQueueMapper _mapper;
    private readonly Serializer<SqliteBatchContainer> _serializer;
    private readonly SqliteWriteGate _gate;
    private readonly Func<QueueId, IQueueAdapterReceiver> _createReceiver;

    public SqliteQueueAdapter(
        string name,
        string serviceId,
        SqliteStreamOptions options,
        IStreamQueueMapper mapper,
        Serializer<SqliteBatchContainer> serializer,
        SqliteWriteGate gate,
        Func<QueueId, IQueueAdapterReceiver> createReceiver)
    {
        Name = name;
        _serviceId = serviceId;
        _options = options;
        _mapper = mapper;
        _serializer = serializer;
        _gate = gate;
        _createReceiver = createReceiver;
    }

    public string Name { get; }

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => _createReceiver(queueId);

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var payload = _serializer.SerializeToArray(new SqliteBatchContainer(streamId, events.Cast<object>().ToList(), requestContext));
        var queueId = _mapper.GetQueueForStream(streamId).ToString();
        await _gate.RunAsync(async () =>
        {
            await using var connection = SqliteDataSource.CreateConnection(_options.ConnectionString, syncEachCommit: false);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO orleans_stream_queue (service_id, provider_id, queue_id, payload) VALUES (@service, @provider, @queue, @payload)";
            command.Parameters.AddWithValue("@service", _serviceId);
            command.Parameters.AddWithValue("@provider", Name);
            command.Parameters.AddWithValue("@queue", queueId);
            command.Parameters.AddWithValue("@payload", payload);
            await command.ExecuteNonQueryAsync();
        });
    }
}
