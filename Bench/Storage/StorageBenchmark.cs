using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Bench.Silos;

namespace OrleansBackend.Bench.Storage;

/// <summary>
/// <c>storage</c>: grains each write their state in a loop, through real grain calls on an in-process silo configured
/// as the project ships it (Orleans' ADO.NET grain storage on PostgreSQL or SQLite, the project's migrations, the
/// SQLite write gate), or memory; on PostgreSQL <c>--provider groupcommit</c> measures the project's group-commit
/// storage (ProviderType <c>PostgresGroupCommit</c>) in the same shape instead. A write is acknowledged only after it committed. On PostgreSQL, pgbench's
/// single-row UPDATE runs right after on the same server, so the grain writes/s stand next to the server's own rate.
/// </summary>
public static class StorageBenchmark
{
    public static Command CreateCommand()
    {
        var store = new Option<string>("--store") { Description = "postgres, sqlite or memory.", DefaultValueFactory = _ => "memory" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL: an Npgsql connection string of the server (a database of the run's own is created on it and dropped). SQLite: a file path (default: a new file in a temporary folder)." };
        var grains = new Option<int>("--grains") { Description = "Distinct grains writing.", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent callers.", DefaultValueFactory = _ => 256 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up before measuring.", DefaultValueFactory = _ => 3 };
        var provider = new Option<string>("--provider") { Description = "PostgreSQL grain storage: adonet (Orleans' ADO.NET provider, as shipped) or groupcommit (ProviderType PostgresGroupCommit).", DefaultValueFactory = _ => "adonet" };
        var writers = new Option<int?>("--writers") { Description = "groupcommit: writer loops (WriterCount; default the provider's, 2)." };
        var pool = new Option<int?>("--pool") { Description = "PostgreSQL: connection pool size (Maximum Pool Size; default as the Silo ships it, 16)." };
        var pgbenchClients = new Option<int>("--pgbench-clients") { Description = "PostgreSQL: pgbench clients for the yardstick run (0: no pgbench run).", DefaultValueFactory = _ => 16 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("storage", "Grain state write throughput and latency through the project's grain storage, beside pgbench.")
        {
            store, provider, writers, connection, grains, concurrency, duration, warmup, pool, pgbenchClients, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new Settings(
                parse.GetValue(store)!,
                parse.GetValue(provider)!,
                parse.GetValue(writers),
                parse.GetValue(connection),
                parse.GetValue(grains),
                parse.GetValue(concurrency),
                parse.GetValue(duration),
                parse.GetValue(warmup),
                parse.GetValue(pool),
                parse.GetValue(pgbenchClients)),
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, bool json, CancellationToken cancellationToken)
    {
        if (settings.Grains < 1 || settings.Concurrency < 1 || settings.Duration < 1 || settings.Warmup < 0 || settings.PgbenchClients < 0 || settings.Pool is < 1 || settings.Writers is < 1)
        {
            Console.Error.WriteLine("--grains, --concurrency, --duration, --pool and --writers must be at least 1; --warmup and --pgbench-clients at least 0.");
            return 2;
        }

        if (settings.Provider is not ("adonet" or "groupcommit") || (settings.Provider == "groupcommit" && settings.Store != "postgres"))
        {
            Console.Error.WriteLine("--provider must be adonet or groupcommit; groupcommit needs --store postgres.");
            return 2;
        }

        if (settings.Store is not ("postgres" or "sqlite" or "memory") || (settings.Store == "postgres" && string.IsNullOrEmpty(settings.Connection)))
        {
            Console.Error.WriteLine("--store must be postgres, sqlite or memory; postgres needs --connection.");
            return 2;
        }

        await using var database = settings.Store switch
        {
            "postgres" => await BenchDatabase.CreatePostgresAsync(settings.Connection!, settings.Pool ?? 16, "storage", cancellationToken),
            "sqlite" when settings.Connection is { Length: > 0 } file => BenchDatabase.OpenSqlite(file),
            "sqlite" => BenchDatabase.CreateSqlite("storage"),
            _ => null,
        };
        var host = await BackendSilo.StartAsync(database, ProviderSettings(settings), cancellationToken);
        LatencyHistogram histogram;
        long failures;
        TimeSpan elapsed;
        try
        {
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

            (histogram, failures, elapsed) = await RunWorkersAsync(grains, settings.Concurrency, TimeSpan.FromSeconds(settings.Duration), progress: true);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        double? pgbenchTps = null;
        if (settings.Store == "postgres" && settings.PgbenchClients > 0)
        {
            Console.Error.WriteLine($"pgbench: single-row UPDATE, {settings.PgbenchClients} clients, {settings.Duration} s …");
            (pgbenchTps, var problem) = await Pgbench.RunAsync(settings.Connection!, settings.PgbenchClients, settings.Duration, cancellationToken);
            if (problem is not null)
            {
                Console.Error.WriteLine(problem);
            }
        }

        var writesPerSecond = histogram.Count / elapsed.TotalSeconds;
        var result = new BenchResult("storage")
            .Add("store", settings.Store)
            .Add("provider", settings.Store == "postgres" ? settings.Provider : settings.Store)
            .Add("writesPerSecond", Math.Round(writesPerSecond), "writes/s")
            .Add("p50Ms", Math.Round(histogram.PercentileMicroseconds(50) / 1000, 3), "p50 (ms)")
            .Add("p99Ms", Math.Round(histogram.PercentileMicroseconds(99) / 1000, 3), "p99 (ms)")
            .Add("p90Ms", Math.Round(histogram.PercentileMicroseconds(90) / 1000, 3), "p90 (ms)")
            .Add("maxMs", Math.Round(histogram.MaxMicroseconds / 1000, 3), "max (ms)");
        if (pgbenchTps is { } tps)
        {
            result.Add("pgbenchTps", Math.Round(tps), $"pgbench single-row UPDATE, {settings.PgbenchClients} clients (tps)")
                .Add("vsPgbench", Math.Round(writesPerSecond / tps, 3), "grain writes/s ÷ pgbench tps")
                .Add("pgbenchClients", settings.PgbenchClients);
        }

        result.Add("writes", histogram.Count)
            .Add("failures", failures)
            .Add("grains", settings.Grains)
            .Add("concurrency", settings.Concurrency)
            .Add("durationS", Math.Round(elapsed.TotalSeconds, 2), "duration (s)")
            .Print(json);
        return failures == 0 ? 0 : 1;
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

    /// <summary>The configuration keys that select the grain storage measured (none: the shipped ADO.NET provider).</summary>
    private static Dictionary<string, string?> ProviderSettings(Settings settings)
    {
        var keys = new Dictionary<string, string?>();
        if (settings.Provider == "groupcommit")
        {
            keys["Orleans:GrainStorage:Default:ProviderType"] = "PostgresGroupCommit";
            if (settings.Writers is { } writers)
            {
                keys["Orleans:GrainStorage:Default:WriterCount"] = writers.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return keys;
    }

    private sealed record Settings(
        string Store,
        string Provider,
        int? Writers,
        string? Connection,
        int Grains,
        int Concurrency,
        int Duration,
        int Warmup,
        int? Pool,
        int PgbenchClients);
}
