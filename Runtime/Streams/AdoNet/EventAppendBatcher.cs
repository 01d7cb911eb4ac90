using System.Threading.Channels;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Streams.AdoNet;

/// <summary>
/// Group commit for stream appends: publish calls queue here and writer loops commit them in batches, one
/// transaction (one fsync) per batch. Each writer has its own queue and takes a fixed share of the streams, so
/// concurrent batches never wait for each other's stream-head rows. Queues are bounded: publishers wait when the
/// database falls behind.
/// </summary>
internal sealed class EventAppendBatcher : IAsyncDisposable
{
    private readonly Channel<AppendRequest>[] _queues;
    private readonly Func<List<AppendRequest>, CancellationToken, Task> _commit;
    private readonly int _maxEvents;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;

    public EventAppendBatcher(Func<List<AppendRequest>, CancellationToken, Task> commit, int writerCount, int maxEvents)
    {
        _commit = commit;
        _maxEvents = maxEvents;
        _queues = new Channel<AppendRequest>[writerCount];
        _writers = new Task[writerCount];
        using (ExecutionContext.SuppressFlow())
        {
            for (var i = 0; i < writerCount; i++)
            {
                var queue = Channel.CreateBounded<AppendRequest>(new BoundedChannelOptions(Math.Max(1024, maxEvents * 4))
                {
                    FullMode = BoundedChannelFullMode.Wait,
                    SingleReader = true,
                });
                _queues[i] = queue;
                _writers[i] = Task.Run(() => RunAsync(queue.Reader));
            }
        }
    }

    public async Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var request = new AppendRequest(events);
        var first = events[0];
        var queue = _queues.Length == 1 ? _queues[0] : _queues[StreamPartitioner.GetPartition(first.StreamNamespace, first.StreamKey, _queues.Length)];
        if (!queue.Writer.TryWrite(request))
        {
            await queue.Writer.WriteAsync(request, cancellationToken);
        }

        await request.Task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        await Task.WhenAll(_writers);
        _stopping.Dispose();
    }

    private async Task RunAsync(ChannelReader<AppendRequest> reader)
    {
        var batch = new List<AppendRequest>();
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            var events = 0;
            while (events < _maxEvents && reader.TryRead(out var request))
            {
                batch.Add(request);
                events += request.Events.Count;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await _commit(batch, _stopping.Token);
                foreach (var request in batch)
                {
                    request.Complete();
                }
            }
            catch (Exception exception)
            {
                var failure = exception as StorageException ?? new StorageException($"Appending stream events failed: {exception.Message}", exception);
                foreach (var request in batch)
                {
                    request.Fail(failure);
                }
            }
        }
    }
}
