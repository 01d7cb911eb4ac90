using System.Threading.Channels;

namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// Group commit: state writes from many grains queue here and writer loops take them in batches, each batch one
/// transaction. While a batch commits, the next one fills, so a commit (and its fsync) is paid per batch instead
/// of per write. A batch never holds two writes of the same grain state: the second waits for the next batch, so
/// each write gets its own etag check.
/// </summary>
internal sealed class StateWriteBatcher : IAsyncDisposable
{
    private readonly Channel<StateWrite> _queue;
    private readonly Func<List<StateWrite>, Task> _execute;
    private readonly int _maxBatchSize;
    private readonly Task[] _writers;

    public StateWriteBatcher(Func<List<StateWrite>, Task> execute, int writerCount, int maxBatchSize)
    {
        _execute = execute;
        _maxBatchSize = maxBatchSize;
        _queue = Channel.CreateBounded<StateWrite>(new BoundedChannelOptions(Math.Max(1024, maxBatchSize * writerCount * 4))
        {
            // Back-pressure: callers wait when the database falls this far behind, instead of growing a buffer.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = writerCount == 1,
        });
        _writers = new Task[writerCount];
        for (var i = 0; i < writerCount; i++)
        {
            _writers[i] = Task.Run(RunWriterAsync);
        }
    }

    /// <summary>Queues a write; its task completes once its batch committed (or failed).</summary>
    public ValueTask EnqueueAsync(StateWrite write, CancellationToken cancellationToken) =>
        _queue.Writer.TryWrite(write) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(write, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<StateWrite>(_maxBatchSize);
        var carried = new List<StateWrite>();
        var keys = new HashSet<(string Type, string Key, string State)>();
        while (true)
        {
            if (carried.Count == 0 && !await reader.WaitToReadAsync())
            {
                return;
            }

            batch.Clear();
            keys.Clear();
            for (var i = 0; i < carried.Count; i++)
            {
                var write = carried[i];
                if (batch.Count < _maxBatchSize && keys.Add(KeyOf(write)))
                {
                    batch.Add(write);
                    carried.RemoveAt(i--);
                }
            }

            while (batch.Count < _maxBatchSize && reader.TryRead(out var write))
            {
                if (!write.TryTake())
                {
                    continue;
                }

                if (keys.Add(KeyOf(write)))
                {
                    batch.Add(write);
                }
                else
                {
                    carried.Add(write);
                }
            }

            if (batch.Count > 0)
            {
                try
                {
                    await _execute(batch);
                }
                catch (Exception exception)
                {
                    // The executor answers every write itself; this only guards the loop against a bug there.
                    foreach (var write in batch)
                    {
                        write.Fail(new StorageException("The state write failed unexpectedly.", exception));
                    }
                }
            }
        }
    }

    private static (string, string, string) KeyOf(StateWrite write) => (write.GrainId.Type, write.GrainId.Key, write.StateName);
}
