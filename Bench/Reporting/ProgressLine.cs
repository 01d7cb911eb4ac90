using System.Diagnostics;

namespace OrleansBackend.Bench.Reporting;

/// <summary>Prints a one-line status to stderr every second while a benchmark runs (stdout stays for results).</summary>
public sealed class ProgressLine : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressLine(Func<TimeSpan, string> describe)
    {
        var started = Stopwatch.StartNew();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    Console.Error.Write($"\r{describe(started.Elapsed)}        ");
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Console.Error.WriteLine();
    }
}
