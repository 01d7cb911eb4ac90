using System.Collections.Concurrent;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Persistence.TestGrains;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>
/// Grains each adding 1 to their counter in a loop, counting per grain what was attempted and what was
/// acknowledged, and keeping every failure. An acknowledged write must survive; a failed one may or may not have.
/// </summary>
public sealed class WriteLoad : IAsyncDisposable
{
    private readonly IDurableCounterGrain[] _grains;
    private readonly long[] _attempted;
    private readonly long[] _acknowledged;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private long _acknowledgedTotal;

    public WriteLoad(IGrainFactory grainFactory, int grainCount, int workerCount)
    {
        Keys = Enumerable.Range(0, grainCount).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        _grains = Keys.Select(grainFactory.GetGrain<IDurableCounterGrain>).ToArray();
        _attempted = new long[grainCount];
        _acknowledged = new long[grainCount];

        // One grain per worker at a time keeps the per-grain counts exact.
        _workers = Enumerable.Range(0, workerCount).Select(w => Task.Run(() => RunAsync(w, workerCount))).ToArray();
    }

    public string[] Keys { get; }

    public ConcurrentQueue<Exception> Failures { get; } = new();

    public long AcknowledgedTotal => Interlocked.Read(ref _acknowledgedTotal);

    public long Attempted(int grain) => Interlocked.Read(ref _attempted[grain]);

    public long Acknowledged(int grain) => Interlocked.Read(ref _acknowledged[grain]);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    private async Task RunAsync(int worker, int workerCount)
    {
        for (var round = 0; !_stop.IsCancellationRequested; round++)
        {
            for (var grain = worker; grain < _grains.Length && !_stop.IsCancellationRequested; grain += workerCount)
            {
                Interlocked.Increment(ref _attempted[grain]);
                try
                {
                    await _grains[grain].Add(1);
                    Interlocked.Increment(ref _acknowledged[grain]);
                    Interlocked.Increment(ref _acknowledgedTotal);
                }
                catch (Exception exception)
                {
                    Failures.Enqueue(exception);
                    if (exception is not StorageException)
                    {
                        continue;
                    }

                    // Back off a little while storage is down instead of spinning.
                    await Task.Delay(20);
                }
            }
        }
    }
}
