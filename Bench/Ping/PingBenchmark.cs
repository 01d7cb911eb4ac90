using System.CommandLine;
using System.Diagnostics;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Grains.Interfaces;

namespace OrleansBackend.Bench.Ping;

/// <summary>
/// <c>ping</c>: many concurrent callers call a trivial grain method through grain references and measure each
/// call. In-silo (<c>--silos 1</c>): non-grain code calls into a silo co-hosted in this process. Cross-process
/// (<c>--silos 2</c>): an Orleans client in this process calls a silo in a child process over loopback TCP.
/// </summary>
public static class PingBenchmark
{
    public static Command CreateCommand()
    {
        var silos = new Option<int>("--silos") { Description = "Processes: 1 (callers in the silo's process) or 2 (a client process and a silo process); --shape says the same by name.", DefaultValueFactory = _ => 1 };
        var shape = new Option<string?>("--shape") { Description = "in-silo or cross-process (overrides --silos)." };
        var grains = new Option<int>("--grains") { Description = "Distinct grains called.", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent callers.", DefaultValueFactory = _ => 256 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        // 10 s, not 3: Orleans' call path is many more methods to tier up, and with 3 s of warm-up on a busy machine some
        // runs measured tier-0 code (190 k against 400–700 k calls/s in-silo, minutes apart).
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up before measuring.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("ping", "Grain-call throughput and latency through grain references.") { silos, shape, grains, concurrency, duration, warmup, json };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(silos),
            parse.GetValue(shape),
            parse.GetValue(grains),
            parse.GetValue(concurrency),
            parse.GetValue(duration),
            parse.GetValue(warmup),
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int silos, string? shapeName, int grainCount, int concurrency, int duration, int warmup, bool json, CancellationToken cancellationToken)
    {
        var shape = shapeName is null ? silos switch { 1 => PingShape.InSilo, 2 => PingShape.CrossProcess, _ => (PingShape?)null } : PingShapes.Parse(shapeName);
        if (shape is null || grainCount < 1 || concurrency < 1 || duration < 1 || warmup < 0)
        {
            Console.Error.WriteLine("--silos must be 1 or 2 (or --shape in-silo|cross-process); --grains, --concurrency and --duration must be at least 1; --warmup at least 0.");
            return 2;
        }

        await using var target = await PingTarget.StartAsync(shape.Value, cancellationToken);
        var grains = new IPingGrain[grainCount];
        for (var i = 0; i < grainCount; i++)
        {
            grains[i] = target.Grains.GetGrain<IPingGrain>(i);
        }

        await Task.WhenAll(grains.Select(g => g.Ping(0)));
        if (warmup > 0)
        {
            Console.Error.WriteLine($"warming up for {warmup} s …");
            await RunWorkersAsync(grains, concurrency, TimeSpan.FromSeconds(warmup), progress: false);
        }

        var (histogram, elapsed) = await RunWorkersAsync(grains, concurrency, TimeSpan.FromSeconds(duration), progress: true);
        var callsPerSecond = histogram.Count / elapsed.TotalSeconds;
        new BenchResult("ping")
            .Add("silos", shape == PingShape.InSilo ? 1 : 2)
            .Add("shape", shape.Value.Name())
            .Add("grains", grainCount)
            .Add("concurrency", concurrency)
            .Add("durationS", Math.Round(elapsed.TotalSeconds, 2), "duration (s)")
            .Add("calls", histogram.Count)
            .Add("callsPerSecond", Math.Round(callsPerSecond), "calls/s")
            .Add("p50Us", histogram.PercentileMicroseconds(50), "p50 (µs)")
            .Add("p90Us", histogram.PercentileMicroseconds(90), "p90 (µs)")
            .Add("p99Us", histogram.PercentileMicroseconds(99), "p99 (µs)")
            .Add("maxUs", histogram.MaxMicroseconds, "max (µs)")
            .Print(json);
        return 0;
    }

    private static async Task<(LatencyHistogram Histogram, TimeSpan Elapsed)> RunWorkersAsync(IPingGrain[] grains, int concurrency, TimeSpan duration, bool progress)
    {
        var histograms = new LatencyHistogram[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            histograms[i] = new LatencyHistogram();
        }

        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await using (progress ? new ProgressLine(elapsed => $"{elapsed.TotalSeconds:0}s  {histograms.Sum(h => h.Count) / Math.Max(elapsed.TotalSeconds, 0.001):N0} calls/s") : null)
        {
            var workers = new Task[concurrency];
            for (var i = 0; i < concurrency; i++)
            {
                var worker = i;
                workers[i] = Task.Run(() => CallLoopAsync(grains, worker, concurrency, stopAt, histograms[worker]));
            }

            await Task.WhenAll(workers);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var total = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            total.Add(histogram);
        }

        return (total, elapsed);
    }

    private static async Task CallLoopAsync(IPingGrain[] grains, int worker, int stride, long stopAt, LatencyHistogram histogram)
    {
        var index = worker;
        var start = Stopwatch.GetTimestamp();
        while (start < stopAt)
        {
            await grains[index % grains.Length].Ping(index);
            var end = Stopwatch.GetTimestamp();
            histogram.Record(end - start);
            start = end;
            index += stride;
        }
    }
}
