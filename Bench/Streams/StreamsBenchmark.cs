using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Bench.Streams;

/// <summary>
/// <c>streams</c>: publishers append events to many streams (each stream in order, by one publisher) and implicitly
/// subscribed consumer grains count what they see, on an in-process silo. A publish counts as acknowledged when
/// <c>OnNextAsync</c> returned (durable provider: committed). Consumers apply each event once by sequence number;
/// <c>lost</c> counts acknowledged events no consumer applied, <c>duplicatesApplied</c> events applied twice.
/// </summary>
public static class StreamsBenchmark
{
    public const string Namespace = "bench";

    public static Command CreateCommand()
    {
        var provider = new Option<string>("--provider") { Description = "memory or durable.", DefaultValueFactory = _ => "memory" };
        var connection = new Option<string?>("--connection") { Description = "durable: a PostgreSQL connection string (Host=…) or a SQLite file." };
        var streams = new Option<int>("--streams") { Description = "Distinct streams (one consumer grain each).", DefaultValueFactory = _ => 1000 };
        var publishers = new Option<int>("--publishers") { Description = "Concurrent publishers, each owning a share of the streams (0: one per stream).", DefaultValueFactory = _ => 0 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up before measuring.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("streams", "End-to-end stream throughput, lag, loss and duplicates (memory or durable provider).")
        {
            provider, connection, streams, publishers, duration, warmup, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new Settings(
                parse.GetValue(provider)!,
                parse.GetValue(connection),
                parse.GetValue(streams),
                parse.GetValue(publishers),
                parse.GetValue(duration),
                parse.GetValue(warmup)),
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, bool json, CancellationToken cancellationToken)
    {
        if (settings.Streams < 1 || settings.Publishers < 0 || settings.Duration < 1 || settings.Warmup < 0)
        {
            Console.Error.WriteLine("--streams and --duration must be at least 1; --publishers and --warmup at least 0.");
            return 2;
        }

        if (settings.Provider is not ("memory" or "durable") || (settings.Provider == "durable" && string.IsNullOrEmpty(settings.Connection)))
        {
            Console.Error.WriteLine("--provider must be memory or durable; durable needs --connection.");
            return 2;
        }

        var database = settings.Provider == "memory" ? "memory" : IsPostgres(settings.Connection!) ? "postgres" : "sqlite";
        var schema = $"bench_streams_{Guid.NewGuid():N}"[..30];
        using var host = await StartSiloAsync(settings, database, schema, cancellationToken);
        try
        {
            return await MeasureAsync(host, settings, database, json);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            if (database == "postgres")
            {
                await DropSchemaAsync(settings.Connection!, schema);
            }
        }
    }

    private static async Task<int> MeasureAsync(IHost host, Settings settings, string database, bool json)
    {
        var client = host.Services.GetRequiredService<IClusterClient>();
        var keys = Enumerable.Range(0, settings.Streams).Select(i => $"s{i}").ToArray();
        Console.Error.WriteLine($"activating {keys.Length} consumers …");
        await Task.WhenAll(keys.Select(k => client.GetGrain<IStreamBenchConsumerGrain>(k).Ping()));

        var provider = client.GetStreamProvider(StreamProviderNames.Default);
        var streams = keys.Select(k => provider.GetStream<StreamBenchEvent>(StreamId.Create(Namespace, k))).ToArray();
        var acknowledged = new long[keys.Length];
        long failures = 0;
        long publishedInWindow = 0;
        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + (long)(settings.Warmup * Stopwatch.Frequency);
        var measureUntil = measureFrom + (long)(settings.Duration * Stopwatch.Frequency);
        StreamBenchTally.MeasureFrom = measureFrom;
        StreamBenchTally.MeasureUntil = measureUntil;
        Console.Error.WriteLine($"publishing: {settings.Warmup} s warm-up, {settings.Duration} s measured …");
        var publishers = new Task[settings.Publishers == 0 ? keys.Length : Math.Min(settings.Publishers, keys.Length)];
        await using (new ProgressLine(elapsed => $"{elapsed.TotalSeconds:0}s  published {acknowledged.Sum():N0}  applied {Applied():N0}  failures {Interlocked.Read(ref failures)}"))
        {
            for (var p = 0; p < publishers.Length; p++)
            {
                var publisher = p;
                publishers[p] = Task.Run(async () =>
                {
                    var index = publisher;
                    while (true)
                    {
                        var sent = Stopwatch.GetTimestamp();
                        if (sent >= measureUntil)
                        {
                            return;
                        }

                        var value = acknowledged[index] + 1;
                        try
                        {
                            await streams[index].OnNextAsync(new StreamBenchEvent(value, sent));
                            acknowledged[index] = value;
                            if (sent >= measureFrom)
                            {
                                Interlocked.Increment(ref publishedInWindow);
                            }
                        }
                        catch (Exception exception)
                        {
                            // Not acknowledged: the value is published again (a stored-but-failed append shows up as a duplicate).
                            Interlocked.Increment(ref failures);
                            Console.Error.WriteLine($"publish failed: {exception.GetType().Name}: {exception.Message}");
                        }

                        index += publishers.Length;
                        if (index >= keys.Length)
                        {
                            index = publisher;
                        }
                    }
                });
            }

            await Task.WhenAll(publishers);
            var published = acknowledged.Sum();
            var drainDeadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
            while (Applied() < published && Stopwatch.GetTimestamp() < drainDeadline)
            {
                await Task.Delay(20);
            }
        }

        var drainSeconds = Stopwatch.GetElapsedTime(measureUntil).TotalSeconds;
        long lost = 0, redelivered = 0, duplicatesApplied = 0, gaps = 0;
        var lag = new LatencyHistogram();
        for (var i = 0; i < keys.Length; i++)
        {
            if (!StreamBenchTally.All.TryGetValue(keys[i], out var tally))
            {
                lost += acknowledged[i];
                continue;
            }

            var summary = tally.Summarize(acknowledged[i]);
            lost += summary.Lost;
            redelivered += summary.Redelivered;
            duplicatesApplied += summary.DuplicatesApplied;
            gaps += summary.Gaps;
            tally.AddLagTo(lag);
        }

        new BenchResult("streams")
            .Add("provider", settings.Provider)
            .Add("eventsPerSecond", Math.Round(StreamBenchTally.MeasuredDeliveries / (double)settings.Duration), "delivered events/s")
            .Add("lagP99Ms", Math.Round(lag.PercentileMicroseconds(99) / 1000, 3), "lag p99 (ms)")
            .Add("lost", lost)
            .Add("duplicatesApplied", duplicatesApplied, "duplicates applied")
            .Add("database", database)
            .Add("publishedPerSecond", Math.Round(publishedInWindow / (double)settings.Duration), "acknowledged publishes/s")
            .Add("lagP50Ms", Math.Round(lag.PercentileMicroseconds(50) / 1000, 3), "lag p50 (ms)")
            .Add("lagMaxMs", Math.Round(lag.MaxMicroseconds / 1000, 3), "lag max (ms)")
            .Add("published", acknowledged.Sum())
            .Add("redelivered", redelivered)
            .Add("gaps", gaps)
            .Add("publishFailures", Interlocked.Read(ref failures), "publish failures")
            .Add("streams", settings.Streams)
            .Add("publishers", publishers.Length)
            .Add("drainS", Math.Round(drainSeconds, 2), "drain after publishing (s)")
            .Print(json);
        return lost == 0 && duplicatesApplied == 0 && gaps == 0 ? 0 : 1;
    }

    private static long Applied()
    {
        long total = 0;
        foreach (var tally in StreamBenchTally.All.Values)
        {
            total += tally.AppliedCount;
        }

        return total;
    }

    private static bool IsPostgres(string connection) => connection.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    private static async Task<IHost> StartSiloAsync(Settings settings, string database, string schema, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>("Silo:ServiceId", $"bench-{Guid.NewGuid():N}")]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.UseSilo(silo =>
        {
            switch (database)
            {
                case "postgres":
                    silo.AddPostgresGrainStorage(GrainStorageNames.Default, options =>
                    {
                        options.ConnectionString = settings.Connection!;
                        options.Schema = schema;
                    });
                    silo.AddDurableStreams();
                    break;
                case "sqlite":
                    silo.AddSqliteGrainStorage(GrainStorageNames.Default, settings.Connection!);
                    silo.AddDurableStreams();
                    break;
                default:
                    silo.AddMemoryGrainStorage();
                    silo.AddMemoryStreams(StreamProviderNames.Default);
                    break;
            }
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    private static async Task DropSchemaAsync(string connection, string schema)
    {
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connection);
            await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException exception)
        {
            Console.Error.WriteLine($"could not drop schema {schema}: {exception.Message}");
        }
    }

    private sealed record Settings(string Provider, string? Connection, int Streams, int Publishers, int Duration, int Warmup);
}
