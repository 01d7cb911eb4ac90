using System.Threading.Channels;

namespace OrleansBackend.Hosting.Postgres;

/// <summary>
/// Group commit: state writes from many grains queue in a bounded channel, and writer loops each take a batch and
/// commit it as one transaction, so a commit (and the server's WAL flush) is paid per batch instead of per write;
/// while one writer's batch commits, the next fills. No two batches in flight hold the same grain state — a second
/// write of a state waits for the next batch after the first committed — so each write gets its own etag check and
/// concurrent batches never wait for each other's row locks.
/// </summary>
internal sealed class StateWriteBatcher
{
    private readonly Channel<StateWrite> _queue;
    private readonly Func<List<StateWrite>, Task> _commit;
    private readonly int _maxBatchSize;
    private readonly HashSet<StateKey> _inFlight = [];
    private readonly Lock _inFlightLock = new();
    private readonly Task[] _writers;

    /// <param name="commit">Commits a batch and answers every write in it.</param>
    /// <param name="writerCount">Batches in flight at once.</param>
    /// <param name="maxBatchSize">The most writes in one batch.</param>
    /// <param name="capacity">Writes that may wait before callers wait to enqueue.</param>
    public StateWriteBatcher(Func<List<StateWrite>, Task> commit, int writerCount, int maxBatchSize, int capacity)
    {
        _commit = commit;
        _maxBatchSize = maxBatchSize;
        _queue = Channel.CreateBounded<StateWrite>(new BoundedChannelOptions(capacity)
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
    /// <exception cref="ChannelClosedException">The batcher has stopped.</exception>
    public ValueTask EnqueueAsync(StateWrite write) =>
        _queue.Writer.TryWrite(write) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(write);

    /// <summary>Takes no more writes, and returns once every write already queued has been answered.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return Task.WhenAll(_writers);
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<StateWrite>(_maxBatchSize);
        var carried = new List<StateWrite>();
        while (true)
        {
            if (carried.Count == 0 && !await reader.WaitToReadAsync())
            {
                return;
            }

            batch.Clear();
            lock (_inFlightLock)
            {
                // Writes carried over go first, so two writes of one state keep their order.
                for (var i = 0; i < carried.Count && batch.Count < _maxBatchSize; i++)
                {
                    if (_inFlight.Add(carried[i].Key))
                    {
                        batch.Add(carried[i]);
                        carried.RemoveAt(i--);
                    }
                }

                while (batch.Count < _maxBatchSize && reader.TryRead(out var write))
                {
                    if (_inFlight.Add(write.Key))
                    {
                        batch.Add(write);
                    }
                    else
                    {
                        carried.Add(write);
                    }
                }
            }

            if (batch.Count == 0)
            {
                // Every write waiting here is of a state another writer is committing: rare (a grain's writes are
                // sequential; only a duplicate activation writes concurrently), so a short sleep beats a signal.
                await Task.Delay(1);
                continue;
            }

            try
            {
                await _commit(batch);
            }
            catch (Exception exception)
            {
                // The commit answers every write itself; this only keeps the loop alive through a bug there.
                foreach (var write in batch)
                {
                    write.Fail(exception);
                }
            }
            finally
            {
                lock (_inFlightLock)
                {
                    foreach (var write in batch)
                    {
                        _inFlight.Remove(write.Key);
                    }
                }
            }
        }
    }
}
