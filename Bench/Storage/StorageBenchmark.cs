using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Bench.Storage;

/// <summary>
/// <c>storage</c>: grains each write their state in a loop, through real grain calls on an in-process silo, against
/// PostgreSQL, SQLite or memory. Every write is acknowledged only after it committed (fsync on), so writes/s shows
/// what group commit makes of the database's commit rate.
/// </summary>
public static class StorageBenchmark
{
    public static Command CreateCommand()
    {
        var store = new Option<string>("--store") { Description = "postgres, sqlite or memory.", DefaultValueFactory = _ => "memory" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL: an Npgsql connection string. SQLite: a file path or connection string." };
        var grains = new Option<int>("--grains") { Description = "Distinct grains writing.", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent callers.", DefaultValueFactory = _ => 256 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up before measuring.", DefaultValueFactory = _ => 3 };
        var writers = new Option<int?>("--writers") { Description = "PostgreSQL: batches in flight (GrainStorage WriterCount)." };
        var pool = new Option<int?>("--pool") { Description = "PostgreSQL: connection pool size." };
        var batch = new Option<int?>("--max-batch") { Description = "Most writes per transaction." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("storage", "Grain state write throughput and latency against a storage provider.")
        {
            store, connection, grains, concurrency, duration, warmup, writers, pool, batch, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new Settings(
                parse.GetValue(store)!,
                parse.GetValue(connection),
                parse.GetValue(grains),
                parse.GetValue(concurrency),
                parse.GetValue(duration),
                parse.GetValue(warmup),
                parse.GetValue(writers),
                parse.GetValue(pool),
                parse.GetValue(batch)),
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, bool json, CancellationToken cancellationToken)
    {
        if (settings.Grains < 1 || settings.Concurrency < 1 || settings.Duration < 1 || settings.Warmup < 0)
        {
            Console.Error.WriteLine("--grains, --concurrency and --duration must be at least 1; --warmup at least 0.");
            return 2;
        }

        if (settings.Store is not ("postgres" or "sqlite" or "memory") || (settings.Store != "memory" && string.IsNullOrEmpty(settings.Connection)))
        {
            Console.Error.WriteLine("--store must be postgres, sqlite or memory; postgres and sqlite need --connection.");
            return 2;
        }

        using var host = await StartSiloAsync(settings, cancellationToken);
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        var grains = new IStorageBenchGrain[settings.Grains];
        for (var i = 0; i < grains.Length; i++)
        {
            grains[i] = factory.GetGrain<IStorageBenchGrain>(i);
        }

        Console.Error.WriteLine($"activating {grains.Length} grains …");
        await Task.WhenAll(grains.Select(g => g.Write(0)));
        if (settings.Warmup > 0)
        {
            Console.Error.WriteLine($"warming up for {settings.Warmup} s …");
            await RunWorkersAsync(grains, settings.Concurrency, TimeSpan.FromSeconds(settings.Warmup), progress: false);
        }

        using var batches = new BatchSizeListener();
        var (histogram, failures, elapsed) = await RunWorkersAsync(grains, settings.Concurrency, TimeSpan.FromSeconds(settings.Duration), progress: true);
        var averageBatch = batches.Average;
        await host.StopAsync(CancellationToken.None);
        new BenchResult("storage")
            .Add("store", settings.Store)
            .Add("writesPerSecond", Math.Round(histogram.Count / elapsed.TotalSeconds), "writes/s")
            .Add("p50Ms", Math.Round(histogram.PercentileMicroseconds(50) / 1000, 3), "p50 (ms)")
            .Add("p99Ms", Math.Round(histogram.PercentileMicroseconds(99) / 1000, 3), "p99 (ms)")
            .Add("p90Ms", Math.Round(histogram.PercentileMicroseconds(90) / 1000, 3), "p90 (ms)")
            .Add("maxMs", Math.Round(histogram.MaxMicroseconds / 1000, 3), "max (ms)")
            .Add("avgBatch", Math.Round(averageBatch, 1), "writes per commit")
            .Add("writes", histogram.Count)
            .Add("failures", failures)
            .Add("grains", settings.Grains)
            .Add("concurrency", settings.Concurrency)
            .Add("durationS", Math.Round(elapsed.TotalSeconds, 2), "duration (s)")
            .Print(json);
        return failures == 0 ? 0 : 1;
    }

    private static async Task<IHost> StartSiloAsync(Settings settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>("Silo:ServiceId", "bench")]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.UseSilo(silo =>
        {
            switch (settings.Store)
            {
                case "postgres":
                    silo.AddPostgresGrainStorage(GrainStorageNames.Default, options =>
                    {
                        options.ConnectionString = settings.Connection!;
                        options.WriterCount = settings.Writers ?? options.WriterCount;
                        options.MaxPoolSize = settings.Pool ?? options.MaxPoolSize;
                        options.MaxBatchSize = settings.MaxBatch ?? options.MaxBatchSize;
                    });
                    break;
                case "sqlite":
                    silo.AddSqliteGrainStorage(GrainStorageNames.Default, options =>
                    {
                        options.DataSource = settings.Connection!;
                        options.MaxBatchSize = settings.MaxBatch ?? options.MaxBatchSize;
                    });
                    break;
                default:
                    silo.AddMemoryGrainStorage();
                    break;
            }
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    private static async Task<(LatencyHistogram Histogram, long Failures, TimeSpan Elapsed)> RunWorkersAsync(
        IStorageBenchGrain[] grains, int concurrency, TimeSpan duration, bool progress)
    {
        var histograms = new LatencyHistogram[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            histograms[i] = new LatencyHistogram();
        }

        long failures = 0;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await using (progress ? new ProgressLine(elapsed => $"{elapsed.TotalSeconds:0}s  {histograms.Sum(h => h.Count) / Math.Max(elapsed.TotalSeconds, 0.001):N0} writes/s  {Interlocked.Read(ref failures)} failures") : null)
        {
            var workers = new Task[concurrency];
            for (var i = 0; i < concurrency; i++)
            {
                var worker = i;
                workers[i] = Task.Run(async () =>
                {
                    var failed = await WriteLoopAsync(grains, worker, concurrency, stopAt, histograms[worker]);
                    Interlocked.Add(ref failures, failed);
                });
            }

            await Task.WhenAll(workers);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var total = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            total.Add(histogram);
        }

        return (total, failures, elapsed);
    }

    /// <summary>
    /// Worker w owns grains w, w + stride, …: with at least as many grains as workers a grain never has two writes
    /// queued, so the latency measured is the storage's, not a queue in front of a grain.
    /// </summary>
    private static async Task<long> WriteLoopAsync(IStorageBenchGrain[] grains, int worker, int stride, long stopAt, LatencyHistogram histogram)
    {
        long failures = 0;
        var index = worker;
        var start = Stopwatch.GetTimestamp();
        while (start < stopAt)
        {
            try
            {
                await grains[index % grains.Length].Write(start);
                var end = Stopwatch.GetTimestamp();
                histogram.Record(end - start);
                start = end;
            }
            catch (Exception exception)
            {
                failures++;
                Console.Error.WriteLine($"write failed: {exception.GetType().Name}: {exception.Message}");
                start = Stopwatch.GetTimestamp();
            }

            index += stride;
            if (grains.Length >= stride && index >= grains.Length)
            {
                index = worker;
            }
        }

        return failures;
    }

    /// <summary>Averages the storage meter's batch sizes (writes per commit) while it is alive.</summary>
    private sealed class BatchSizeListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _batches;
        private long _writes;

        public BatchSizeListener()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "OrleansBackend.Storage" && instrument.Name == "orleans.storage.batch.size")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
            {
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _writes, size);
            });
            _listener.Start();
        }

        public double Average => Interlocked.Read(ref _batches) == 0 ? 0 : (double)Interlocked.Read(ref _writes) / Interlocked.Read(ref _batches);

        public void Dispose() => _listener.Dispose();
    }

    private sealed record Settings(
        string Store,
        string? Connection,
        int Grains,
        int Concurrency,
        int Duration,
        int Warmup,
        int? Writers,
        int? Pool,
        int? MaxBatch);
}
