using System.CommandLine;
using OrleansBackend.Bench.Compare;
using OrleansBackend.Bench.Load;
using OrleansBackend.Bench.Processes;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Bench.Silos;

namespace OrleansBackend.Bench.History;

/// <summary>
/// <c>history</c>: does a write cost more on an account with a long history? Ours runs embedded on PostgreSQL; one
/// account is given <c>--history</c> past deposits, another is new, and deposits to each (all connections on one
/// account, as a busy account sees them) are measured in turns, round after round (new, long, new, long …). The ratio
/// of the medians (long ÷ new) is the figure: 1.0 means history costs nothing.
/// </summary>
public static class HistoryBenchmark
{
    public static Command CreateCommand()
    {
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (else $ORLEANSBACKEND_BENCH_POSTGRES, else a throwaway server on port 5444)." };
        var history = new Option<int>("--history") { Description = "Past deposits given to the long-history account first.", DefaultValueFactory = _ => 100_000 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds per run.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up before each run.", DefaultValueFactory = _ => 3 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds (each measures both accounts).", DefaultValueFactory = _ => 3 };
        var connections = new Option<int>("--connections") { Description = "Concurrent connections, all on the account being measured.", DefaultValueFactory = _ => 16 };
        var port = new Option<int>("--port") { Description = "Ours listens here.", DefaultValueFactory = _ => 26520 };
        var storage = new Option<string?>("--storage-provider") { Description = "Orleans:GrainStorage:Default:ProviderType for ours (default: the Api's)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("history", "Deposits/s on an account with a long history vs on a new one (embedded, PostgreSQL).")
        {
            postgres, history, duration, warmup, rounds, connections, port, storage, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (past, seconds, warm, count, workers) = (parse.GetValue(history), parse.GetValue(duration), parse.GetValue(warmup), parse.GetValue(rounds), parse.GetValue(connections));
            if (past is < 0 or > 10_000_000 || seconds is < 1 or > 600 || warm is < 0 or > 60 || count is < 1 or > 10 || workers is < 1 or > 512)
            {
                Console.Error.WriteLine("--history must be 0–10000000, --duration 1–600, --warmup 0–60, --rounds 1–10 and --connections 1–512.");
                return 2;
            }

            var connection = parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable("ORLEANSBACKEND_BENCH_POSTGRES");
            return await RunAsync(connection, past, seconds, warm, count, workers, parse.GetValue(port), parse.GetValue(storage), parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string? postgres, int past, int duration, int warmup, int rounds, int connections, int port, string? storageProvider, bool json, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("orleansbackend-history.").FullName;
        ThrowawayServers? servers = null;
        BenchDatabase? database = null;
        ChildProcess? ours = null;
        try
        {
            if (postgres is null)
            {
                servers = await ThrowawayServers.StartAsync(6394, 5444, cancellationToken);
                postgres = servers.Postgres;
            }

            database = await BenchDatabase.CreatePostgresAsync(postgres, null, "history", cancellationToken);
            Console.Error.WriteLine($"starting ours on port {port} (logs in {work}) …");
            ours = await ServerTargets.StartOursAsync(
                port,
                database.ConnectionString,
                work,
                cancellationToken,
                storageProvider is null ? [] : ["--Orleans:GrainStorage:Default:ProviderType=" + storageProvider]);
            using var client = new ApiClient(new Uri($"http://127.0.0.1:{port}"), connections, TimeSpan.FromSeconds(30));
            var users = await UserPool.CreateAsync(client, 2, ApiBenchmark.InitialBalance, cancellationToken);
            var (longHistory, fresh) = (users[0], users[1]);
            await GiveHistoryAsync(client, longHistory, past, connections, cancellationToken);

            var runners = new[] { ("new", new LoadRunner(client, [fresh], connections)), ("long", new LoadRunner(client, [longHistory], connections)) };
            var results = new Dictionary<string, List<LoadResult>> { ["new"] = [], ["long"] = [] };
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, runner) in runners)
                {
                    if (warmup > 0)
                    {
                        await runner.RunAsync(LoadMix.Deposit, TimeSpan.FromSeconds(warmup), progress: false, checkBalances: false, cancellationToken);
                    }

                    Console.Error.Write($"[{name} account, round {round}] ");
                    var result = await runner.RunAsync(LoadMix.Deposit, TimeSpan.FromSeconds(duration), progress: true, checkBalances: true, cancellationToken);
                    results[name].Add(result);
                    Console.Error.WriteLine($"  {name}: {result.RequestsPerSecond:N0} deposits/s, p99 {result.PercentileMs(99):0.##} ms, errors {result.ErrorSummary}, balance mismatches {result.Balances?.Mismatches ?? 0}");
                }
            }

            var newRate = CompareSummary.Median(results["new"].Select(r => r.RequestsPerSecond));
            var longRate = CompareSummary.Median(results["long"].Select(r => r.RequestsPerSecond));
            new BenchResult("history")
                .Add("pastDeposits", past, "past deposits on the long account")
                .Add("connections", connections)
                .Add("rounds", rounds)
                .Add("newDepositsPerSecond", Math.Round(newRate), "new account: deposits/s (median)")
                .Add("longDepositsPerSecond", Math.Round(longRate), "long account: deposits/s (median)")
                .Add("ratio", newRate > 0 ? Math.Round(longRate / newRate, 3) : 0, "long ÷ new")
                .Add("newP99Ms", Math.Round(CompareSummary.Median(results["new"].Select(r => r.PercentileMs(99))), 2), "new account: p99 (ms)")
                .Add("longP99Ms", Math.Round(CompareSummary.Median(results["long"].Select(r => r.PercentileMs(99))), 2), "long account: p99 (ms)")
                .Add("errors", results.Values.SelectMany(r => r).Sum(r => r.Errors))
                .Add("balanceMismatches", results.Values.SelectMany(r => r).Sum(r => r.Balances?.Mismatches ?? 0))
                .Print(json);
            return 0;
        }
        finally
        {
            if (ours is not null)
            {
                await ours.DisposeAsync();
            }

            if (database is not null)
            {
                await database.DisposeAsync();
            }

            if (servers is not null)
            {
                await servers.DisposeAsync();
            }

            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Logs of a process still closing: the temp folder is cleaned up eventually anyway.
            }
        }
    }

    /// <summary>Deposits 1 on the account <paramref name="count"/> times from <paramref name="connections"/> workers, with progress.</summary>
    private static async Task GiveHistoryAsync(ApiClient client, BenchUser user, int count, int connections, CancellationToken cancellationToken)
    {
        var next = -1L;
        var failed = 0L;
        await using (new ProgressLine(e => $"history {Math.Min(Interlocked.Read(ref next) + 1, count):N0}/{count:N0} deposits  {Math.Min(next + 1, count) / Math.Max(e.TotalSeconds, 0.001):N0}/s  failed {Interlocked.Read(ref failed):N0}"))
        {
            var run = Guid.NewGuid().ToString("N")[..8];
            await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
            {
                long i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    // A failed deposit is tried again with its key: the account gets exactly count entries.
                    for (var attempt = 0; !(await client.DepositAsync(user.Token, user.AccountId, 1, $"history-{run}-{i}", cancellationToken)).IsSuccess; attempt++)
                    {
                        Interlocked.Increment(ref failed);
                        if (attempt >= 10)
                        {
                            throw new InvalidOperationException($"Deposit {i} of the history failed 10 times; see the server log.");
                        }
                    }
                }
            }, cancellationToken)));
        }
    }
}
