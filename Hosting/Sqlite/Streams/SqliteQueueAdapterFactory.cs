using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;
using OrleansBackend.Hosting.Database;

namespace OrleansBackend.Hosting.Sqlite.Streams;

/// <summary>
/// A persistent stream provider on SQLite, for the embedded mode: events survive a crash of the process, like the
/// cluster's provider on PostgreSQL. Orleans ships no SQLite stream provider (Orleans.Streaming.AdoNet has no SQLite
/// dialect), so this is the backend's own; Orleans' pulling agents, cache and queue mapper do the rest.
/// </summary>
internal sealed class SqliteQueueAdapterFactory : IQueueAdapterFactory
{
    private readonly string _name;
    private readonly SqliteStreamOptions _options;
    private readonly string _serviceId;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly Serializer<SqliteBatchContainer> _serializer;
    private readonly SqliteWriteGate _gate;

    private SqliteQueueAdapterFactory(string name, SqliteStreamOptions options, IServiceProvider services)
    {
        _name = name;
        _options = options;
        _serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        _mapper = new HashRingBasedStreamQueueMapper(services.GetOptionsByName<HashRingStreamQueueMapperOptions>(name), name);
        _cache = new SimpleQueueAdapterCache(services.GetOptionsByName<SimpleQueueCacheOptions>(name), name, services.GetRequiredService<ILoggerFactory>());
        _serializer = services.GetRequiredService<Serializer<SqliteBatchContainer>>();
        _gate = SqliteWriteGate.For(SqliteFiles.PathOf(options.ConnectionString)
            ?? throw new InvalidOperationException($"Orleans:Streaming:{name}:ConnectionString must name a SQLite file."));
    }

    /// <summary>Creates the factory of provider <paramref name="name"/> (Orleans calls this).</summary>
    public static IQueueAdapterFactory Create(IServiceProvider services, string name) =>
        new SqliteQueueAdapterFactory(name, services.GetOptionsByName<SqliteStreamOptions>(name), services);

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new SqliteQueueAdapter(
            _name,
            _serviceId,
            _options,
            _mapper,
            _serializer,
            _gate,
            queueId => new SqliteQueueAdapterReceiver(_name, _serviceId, queueId, _options, _serializer, _gate)));

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());
}
