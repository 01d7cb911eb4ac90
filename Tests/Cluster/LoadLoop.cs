using System.Collections.Concurrent;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Cluster;

/// <summary>
/// Steady calls to a set of grains from several workers until stopped, recording every outcome: a cluster test's
/// way of asking "did any call fail, and how".
/// </summary>
public sealed class LoadLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private long _succeeded;

    public LoadLoop(IGrainFactory grainFactory, IReadOnlyList<long> keys, int workers = 8)
    {
        _workers = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            _workers[w] = Task.Run(async () =>
            {
                var i = worker;
                while (!_stop.IsCancellationRequested)
                {
                    var key = keys[i % keys.Count];
                    i += workers;
                    try
                    {
                        await grainFactory.GetGrain<ILocatorGrain>(key).Locate();
                        Interlocked.Increment(ref _succeeded);
                    }
                    catch (Exception exception)
                    {
                        Failures.Enqueue(exception);
                    }
                }
            });
        }
    }

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public ConcurrentQueue<Exception> Failures { get; } = new();

    /// <summary>Waits until at least <paramref name="more"/> further calls succeeded.</summary>
    public async Task WaitForMoreSuccessesAsync(long more, TimeSpan timeout)
    {
        var target = Succeeded + more;
        using var deadline = new CancellationTokenSource(timeout);
        while (Succeeded < target)
        {
            await Task.Delay(5, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_workers);
    }
}
