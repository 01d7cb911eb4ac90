using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Streams;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Bench.Silos;

namespace OrleansBackend.Bench.Streams;

/// <summary>
/// <c>streams</c>: publishers append events to many streams (each stream in order, by one publisher) and implicitly
/// subscribed consumer grains count what they see, on an in-process silo configured as the project ships it: the
/// stream provider <c>Events</c> is the project's SQLite provider (<c>sqlite</c>), Microsoft.Orleans.Streaming.AdoNet
/// on PostgreSQL with the project's scripts (<c>adonet</c>), or memory streams. A publish counts as acknowledged when
/// <c>OnNextAsync</c> returned (persistent providers: stored). <c>lost</c> counts acknowledged events no consumer
/// applied, <c>duplicatesApplied</c> events applied twice.
/// </summary>
public static class StreamsBenchmark
{
    public const string Namespace = "bench";

    public const string ProviderName = "Events";

    public static Command CreateCommand()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite, adonet (PostgreSQL) or memory.", DefaultValueFactory = _ => "memory" };
        var connection = new Option<string?>("--connection") { Description = "adonet: an Npgsql connection string of the server (a database of the run's own is created and dropped). sqlite: a file (default: a new one in a temporary folder)." };
        var streams = new Option<int>("--streams") { Description = "Distinct streams (one consumer grain each).", DefaultValueFactory = _ => 1000 };
        var publishers = new Option<int>("--publishers") { Description = "Concurrent publishers, each owning a share of the streams (0: one per stream).", DefaultValueFactory = _ => 0 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up before measuring.", DefaultValueFactory = _ => 3 };
        var queues = new Option<int?>("--queues") { Description = "Queues of the persistent provider (Orleans:Streaming:Events:Queues; shipped default 8)." };
        var poll = new Option<int?>("--poll-ms") { Description = "How often an idle pulling agent polls, ms (PollInterval; shipped default 100)." };
        var batch = new Option<int?>("--batch") { Description = "sqlite: messages read per poll (ReadBatchSize; default 256)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("streams", "End-to-end stream throughput, lag, loss and duplicates (sqlite, adonet or memory provider).")
        {
            provider, connection, streams, publishers, duration, warmup, queues, poll, batch, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new Settings(
                parse.GetValue(provider)!,
                parse.GetValue(connection),
                parse.GetValue(streams),
                parse.GetValue(publishers),
                parse.GetValue(duration),
                parse.GetValue(warmup),
                parse.GetValue(queues),
                parse.GetValue(poll),
                parse.GetValue(batch)),
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, bool json, CancellationToken cancellationToken)
    {
        if (settings.Streams < 1 || settings.Publishers < 0 || settings.Duration < 1 || settings.Warmup < 0 || settings.Queues is < 1 || settings.PollMs is < 1 || settings.Batch is < 1)
        {
            Console.Error.WriteLine("--streams, --duration, --queues, --poll-ms and --batch must be at least 1; --publishers and --warmup at least 0.");
            return 2;
        }

        if (settings.Provider is not ("memory" or "sqlite" or "adonet") || (settings.Provider == "adonet" && string.IsNullOrEmpty(settings.Connection)))
        {
            Console.Error.WriteLine("--provider must be sqlite, adonet or memory; adonet needs --connection (a PostgreSQL server).");
            return 2;
        }

        await using var database = settings.Provider switch
        {
            "adonet" => await BenchDatabase.CreatePostgresAsync(settings.Connection!, null, "streams", cancellationToken),
            "sqlite" when settings.Connection is { Length: > 0 } file => BenchDatabase.OpenSqlite(file),
            "sqlite" => BenchDatabase.CreateSqlite("streams"),
            _ => null,
        };
        var host = await BackendSilo.StartAsync(database, ProviderSettings(settings, database), cancellationToken);
        try
        {
            return await MeasureAsync(host, settings, json);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    /// <summary>The configuration of the stream provider <c>Events</c> for the run.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> ProviderSettings(Settings settings, BenchDatabase? database)
    {
        const string Section = "Orleans:Streaming:" + ProviderName + ":";
        var values = new Dictionary<string, string?>();
        switch (settings.Provider)
        {
            case "memory":
                values[Section + "ProviderType"] = "Memory";
                values["Orleans:GrainStorage:PubSubStore:ProviderType"] = "Memory";
                break;
            case "sqlite":
                values[Section + "ProviderType"] = "Sqlite";
                values[Section + "ConnectionName"] = "orleans";
                break;
            default:
                values[Section + "ProviderType"] = "AdoNet";
                values[Section + "Invariant"] = database!.Invariant;
                values[Section + "ConnectionName"] = "orleans";
                break;
        }

        if (settings.Queues is { } queues)
        {
            values[Section + "Queues"] = queues.ToString(CultureInfo.InvariantCulture);
        }

        if (settings.PollMs is { } poll)
        {
            values[Section + "PollInterval"] = TimeSpan.FromMilliseconds(poll).ToString("c", CultureInfo.InvariantCulture);
        }

        if (settings.Batch is { } batch)
        {
            values[Section + "ReadBatchSize"] = batch.ToString(CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static async Task<int> MeasureAsync(IHost host, Settings settings, bool json)
    {
        var client = host.Services.GetRequiredService<IClusterClient>();
        var keys = Enumerable.Range(0, settings.Streams).Select(i => $"s{i}").ToArray();
        Console.Error.WriteLine($"activating {keys.Length} consumers …");
        await Task.WhenAll(keys.Select(k => client.GetGrain<IStreamBenchConsumerGrain>(k).Ping()));

        var provider = client.GetStreamProvider(ProviderName);
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
            .Add("queues", settings.Queues ?? (settings.Provider == "memory" ? 0 : 8))
            .Add("pollMs", settings.PollMs ?? 100, "poll interval (ms)")
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

    private sealed record Settings(string Provider, string? Connection, int Streams, int Publishers, int Duration, int Warmup, int? Queues, int? PollMs, int? Batch);
}
