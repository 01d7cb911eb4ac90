using Orleans;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace OrleansBackend.Hosting.Sqlite.Streams;

/// <summary>One stored message of a SQLite stream queue: a batch of events for one stream, and the request context.</summary>
[GenerateSerializer, Alias("OrleansBackend.SqliteBatchContainer")]
internal sealed class SqliteBatchContainer : IBatchContainer
{
    public SqliteBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public List<object> Events { get; }

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; }

    /// <summary>The message's id in its queue (the table assigns it when the message is read).</summary>
    [Id(3)]
    public EventSequenceTokenV2 Token { get; set; } = new(0);

    StreamSequenceToken IBatchContainer.SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((item, index) => Tuple.Create<T, StreamSequenceToken>(item, Token.CreateSequenceTokenForEvent(index)));

    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }

        RequestContextExtensions.Import(RequestContext);
        return true;
    }
}
