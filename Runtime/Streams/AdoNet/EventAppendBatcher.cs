using System.Threading.Channels;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Streams.AdoNet;

/// <summary>
/// Group commit for stream appends: publish calls queue here and writer loops commit them in batches, one
/// transaction (one fsync) per batch. The queue is bounded: publishers wait when the database falls behind.
/// </summary>
internal sealed class EventAppendBatcher : IAsyncDisposable
{
    private readonly Channel<AppendRequest> _queue;
    private readonly Func<List<AppendRequest>, CancellationToken, Task> _commit;
    private readonly int _maxEvents;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;

    public EventAppendBatcher(Func<List<AppendRequest>, CancellationToken, Task> commit, int writerCount, int maxEvents)
    {
        _commit = commit;
        _maxEvents = maxEvents;
        _queue = Channel.CreateBounded<AppendRequest>(new BoundedChannelOptions(Math.Max(1024, maxEvents * writerCount * 4))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = writerCount == 1,
        });
        _writers = new Task[writerCount];
        using (ExecutionContext.SuppressFlow())
        {
            for (var i = 0; i < writerCount; i++)
            {
                _writers[i] = Task.Run(RunAsync);
            }
        }
    }

    public async Task AppendAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        var request = new AppendRequest(events);
        if (!_queue.Writer.TryWrite(request))
        {
            await _queue.Writer.WriteAsync(request, cancellationToken);
        }

        await request.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
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
