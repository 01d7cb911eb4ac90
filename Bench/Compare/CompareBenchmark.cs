using System.CommandLine;
using Npgsql;
using OrleansBackend.Bench.Load;
using OrleansBackend.Bench.Processes;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Bench.Silos;
using Spectre.Console;

namespace OrleansBackend.Bench.Compare;

/// <summary>
/// <c>compare</c>: our system against the stateless baseline and the raw Kestrel ceiling, on the same PostgreSQL
/// (and Redis for the baseline's sessions), with the same load generator: each mix is run on each system in turn,
/// round after round (A B A B), and medians and ratios (ours ÷ baseline) are reported.
/// </summary>
public static class CompareBenchmark
{
    // Offsets from --base-port: baseline +10, ours +20, ceiling +30, the 2-silo cluster's BASE_PORT +100.
    private const int BaselineOffset = 10;
    private const int OursOffset = 20;
    private const int CeilingOffset = 30;
    private const int ClusterOffset = 100;

    public static Command CreateCommand()
    {
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string to use (else $ORLEANSBACKEND_BENCH_POSTGRES, else a throwaway server on port 5443)." };
        var redis = new Option<string?>("--redis") { Description = "Redis host:port to use (else $ORLEANSBACKEND_BENCH_REDIS, else a throwaway server on port 6393)." };
        var duration = new Option<int>("--duration") { Description = "Measured seconds per run.", DefaultValueFactory = _ => 15 };
        // 10 s, not 3: on Orleans the first read round after 3 s of warm-up ran at a quarter of the second's rate.
        var warmup = new Option<int>("--warmup") { Description = "Seconds of warm-up before each run.", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "Concurrent connections.", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of each mix on each system (A B A B …).", DefaultValueFactory = _ => 2 };
        var mixes = new Option<string>("--mixes") { Description = "Comma-separated mixes.", DefaultValueFactory = _ => "read,deposit,transfer" };
        var skipCluster = new Option<bool>("--skip-cluster") { Description = "Leave out the 2-silo cluster (scripts/cluster.sh)." };
        var basePort = new Option<int>("--base-port") { Description = "Ports: the baseline at +10, ours at +20, the ceiling at +30, the 2-silo cluster's BASE_PORT at +100.", DefaultValueFactory = _ => 23000 };
        var svg = new Option<string?>("--svg") { Description = "Write a chart of throughput and p99 per mix to this SVG file." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("compare", "Ours (embedded, and a 2-silo cluster) vs the stateless baseline vs the Kestrel ceiling.")
        {
            postgres, redis, duration, warmup, connections, rounds, mixes, skipCluster, basePort, svg, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problem = CompareOptions.TryCreate(
                parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable("ORLEANSBACKEND_BENCH_POSTGRES"),
                parse.GetValue(redis) ?? Environment.GetEnvironmentVariable("ORLEANSBACKEND_BENCH_REDIS"),
                parse.GetValue(duration),
                parse.GetValue(warmup),
                parse.GetValue(connections),
                parse.GetValue(rounds),
                parse.GetValue(mixes)!,
                !parse.GetValue(skipCluster),
                parse.GetValue(svg),
                parse.GetValue(json),
                out var options);
            if (problem is not null)
            {
                Console.Error.WriteLine(problem);
                return 2;
            }

            var ports = parse.GetValue(basePort);
            if (ports is < 1024 or > 60000)
            {
                Console.Error.WriteLine("--base-port must be 1024–60000.");
                return 2;
            }

            return await RunAsync(options!, ports, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CompareOptions options, int basePort, CancellationToken cancellationToken)
    {
        var (oursPort, baselinePort, ceilingPort) = (basePort + OursOffset, basePort + BaselineOffset, basePort + CeilingOffset);
        var run = Guid.NewGuid().ToString("N")[..8];
        var work = Path.Combine(Path.GetTempPath(), "orleansbackend-compare." + run);
        Directory.CreateDirectory(work);
        ThrowawayServers? servers = null;
        var processes = new List<ChildProcess>();
        var targets = new List<CompareTarget>();
        ClusterScript? cluster = null;
        var postgres = options.Postgres;
        var redis = options.Redis;
        BenchDatabase? oursDatabase = null;
        var baselineSchema = "bench_baseline_" + run;
        try
        {
            if (postgres is null || redis is null)
            {
                servers = await ThrowawayServers.StartAsync(6393, 5443, cancellationToken);
                postgres = servers.Postgres;
                redis = servers.Redis;
            }

            Console.Error.WriteLine($"starting ours, the baseline and the ceiling (logs in {work}) …");
            oursDatabase = await BenchDatabase.CreatePostgresAsync(postgres, null, "ours", cancellationToken);
            processes.Add(await ServerTargets.StartOursAsync(oursPort, oursDatabase.ConnectionString, work, cancellationToken));
            processes.Add(await ServerTargets.StartBaselineAsync(baselinePort, postgres, redis, baselineSchema, work, cancellationToken));
            if (options.Mixes.Contains(LoadMix.Read))
            {
                processes.Add(await ServerTargets.StartCeilingAsync(ceilingPort, work, cancellationToken));
            }

            targets.Add(await SetUpAsync("ours", $"http://127.0.0.1:{oursPort}", options, cancellationToken, processes[0].Pid));
            targets.Add(await SetUpAsync("baseline", $"http://127.0.0.1:{baselinePort}", options, cancellationToken, processes[1].Pid));
            if (options.Cluster)
            {
                Console.Error.WriteLine("starting a 2-silo cluster with scripts/cluster.sh …");
                cluster = new ClusterScript(Path.Combine(work, "cluster"), basePort + ClusterOffset);
                await cluster.UpAsync(silos: 2, apis: 1);
                targets.Add(await SetUpAsync("ours-2-silos", cluster.ApiUrl(), options, cancellationToken));
            }

            var ceiling = options.Mixes.Contains(LoadMix.Read) ? await SetUpAsync("ceiling", $"http://127.0.0.1:{ceilingPort}", options, cancellationToken, processes[2].Pid) : null;
            var halfPeak = await MeasureAsync(options, targets, ceiling, cancellationToken);
            return Report(options, targets, ceiling, halfPeak);
        }
        finally
        {
            foreach (var target in targets)
            {
                target.Dispose();
            }

            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            if (oursDatabase is not null)
            {
                await oursDatabase.DisposeAsync();
            }

            if (servers is null && postgres is not null)
            {
                await DropSchemasAsync(postgres, baselineSchema);
            }

            if (servers is not null)
            {
                await servers.DisposeAsync();
            }

            TryDelete(work);
        }
    }

    private static async Task<CompareTarget> SetUpAsync(string name, string url, CompareOptions options, CancellationToken cancellationToken, int? pid = null)
    {
        Console.Error.WriteLine($"{name}: signing in {options.Connections} users and funding their accounts …");
        var client = new ApiClient(new Uri(url), options.Connections, TimeSpan.FromSeconds(30));
        var users = await UserPool.CreateAsync(client, options.Connections, ApiBenchmark.InitialBalance, cancellationToken);
        return new CompareTarget(name, client, users, options.Connections, pid);
    }

    /// <summary>Runs every mix on every system, round by round; then ours' reads at half their peak rate.</summary>
    private static async Task<LoadResult?> MeasureAsync(CompareOptions options, List<CompareTarget> targets, CompareTarget? ceiling, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(options.Duration);
        foreach (var mix in options.Mixes)
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                var order = mix == LoadMix.Read && ceiling is not null ? [.. targets, ceiling] : targets;
                foreach (var target in order)
                {
                    if (options.Warmup > 0)
                    {
                        await target.Runner.RunAsync(mix, TimeSpan.FromSeconds(options.Warmup), progress: false, checkBalances: false, cancellationToken);
                    }

                    Console.Error.Write($"[{target.Name}, round {round}] ");
                    var cpuBefore = target.ServerCpu();
                    var result = await target.Runner.RunAsync(mix, duration, progress: true, checkBalances: target != ceiling, cancellationToken);
                    if (cpuBefore is { } before && target.ServerCpu() is { } after)
                    {
                        // The balance check's reads after the run are a few dozen requests: noise next to the run's.
                        target.RecordCpu(mix.Name(), after - before, result.Requests);
                    }

                    target.Record(result);
                    Console.Error.WriteLine($"  {target.Name} {mix.Name()} round {round}: {result.RequestsPerSecond:N0} req/s, p99 {result.PercentileMs(99):0.##} ms, errors {result.ErrorSummary}");
                }
            }
        }

        var ours = targets[0];
        if (ours.Figures(LoadMix.Read.Name()) is not { RequestsPerSecond: > 0 } peak)
        {
            return null;
        }

        Console.Error.Write($"[ours, reads at half peak: {peak.RequestsPerSecond / 2:N0} req/s] ");
        return await ours.Runner.RunAsync(LoadMix.Read, duration, progress: true, checkBalances: false, cancellationToken, ratePerSecond: peak.RequestsPerSecond / 2);
    }

    private static int Report(CompareOptions options, List<CompareTarget> targets, CompareTarget? ceiling, LoadResult? halfPeak)
    {
        var all = ceiling is null ? targets : [.. targets, ceiling];
        var table = new Table().Border(TableBorder.Rounded).AddColumns("system", "mix", "requests/s (median)", "p50 ms", "p99 ms", "errors", "balance mismatches", "server CPU µs/request");
        foreach (var mix in options.Mixes)
        {
            foreach (var target in all)
            {
                if (target.Figures(mix.Name()) is { } f)
                {
                    table.AddRow(target.Name, mix.Name(), f.RequestsPerSecond.ToString("N0"), f.P50Ms.ToString("0.##"), f.P99Ms.ToString("0.##"), f.Errors.ToString(), target == ceiling ? "-" : target.BalanceMismatches.ToString(), target.CpuPerRequestUs(mix.Name())?.ToString("N0") ?? "-");
                }
            }
        }

        AnsiConsole.Write(table);
        double Rps(CompareTarget? t, LoadMix m) => t?.Figures(m.Name())?.RequestsPerSecond ?? 0;
        double P99(CompareTarget? t, LoadMix m) => t?.Figures(m.Name())?.P99Ms ?? 0;
        var ours = targets[0];
        var baseline = targets[1];
        var oursCluster = targets.Count > 2 ? targets[2] : null;
        var result = new BenchResult("compare")
            .Add("readRatio", CompareSummary.Ratio(Rps(ours, LoadMix.Read), Rps(baseline, LoadMix.Read)), "reads: ours ÷ baseline")
            .Add("depositRatio", CompareSummary.Ratio(Rps(ours, LoadMix.Deposit), Rps(baseline, LoadMix.Deposit)), "deposits: ours ÷ baseline")
            .Add("transferRatio", CompareSummary.Ratio(Rps(ours, LoadMix.Transfer), Rps(baseline, LoadMix.Transfer)), "transfers: ours ÷ baseline")
            .Add("readVsCeiling", CompareSummary.Ratio(Rps(ours, LoadMix.Read), Rps(ceiling, LoadMix.Read)), "reads: ours ÷ Kestrel ceiling")
            .Add("readP99AtHalfPeakMs", Math.Round(halfPeak?.PercentileMs(99) ?? 0, 3), "reads at half peak: p99 (ms)")
            .Add("readHalfPeakRps", Math.Round(halfPeak?.RequestsPerSecond ?? 0), "reads at half peak: requests/s");
        foreach (var mix in options.Mixes)
        {
            var name = mix.Name();
            var title = char.ToUpperInvariant(name[0]) + name[1..];
            result.Add($"ours{title}Rps", Math.Round(Rps(ours, mix)), $"ours {name} requests/s")
                .Add($"baseline{title}Rps", Math.Round(Rps(baseline, mix)), $"baseline {name} requests/s")
                .Add($"ours{title}P99Ms", Math.Round(P99(ours, mix), 3), $"ours {name} p99 (ms)")
                .Add($"baseline{title}P99Ms", Math.Round(P99(baseline, mix), 3), $"baseline {name} p99 (ms)")
                .Add($"ours{title}CpuUs", ours.CpuPerRequestUs(name) ?? 0, $"ours {name}: server CPU per request (µs)")
                .Add($"baseline{title}CpuUs", baseline.CpuPerRequestUs(name) ?? 0, $"baseline {name}: app CPU per request (µs, PostgreSQL and Redis not counted)");
            if (oursCluster is not null)
            {
                result.Add($"cluster{title}Rps", Math.Round(Rps(oursCluster, mix)), $"2-silo cluster {name} requests/s")
                    .Add($"cluster{title}Ratio", CompareSummary.Ratio(Rps(oursCluster, mix), Rps(baseline, mix)), $"2-silo cluster {name}: ÷ baseline");
            }
        }

        var mismatches = targets.Sum(t => t.BalanceMismatches);
        result.Add("ceilingReadRps", Math.Round(Rps(ceiling, LoadMix.Read)), "ceiling read requests/s")
            .Add("errors", all.Sum(t => t.Results.Values.SelectMany(r => r).Sum(r => r.Errors)))
            .Add("balanceMismatches", mismatches, "balance mismatches (201s not reflected)")
            .Add("durationS", options.Duration, "seconds per run")
            .Add("rounds", options.Rounds)
            .Add("connections", options.Connections)
            .Add("machine", $"{Environment.ProcessorCount} cores, {Environment.OSVersion}")
            .Add("date", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"));
        if (options.Svg is { } svgPath)
        {
            WriteSvg(svgPath, options, all);
            Console.Error.WriteLine($"chart written to {svgPath}");
        }

        result.Print(options.Json);
        return mismatches > 0 ? 1 : 0;
    }

    private static void WriteSvg(string path, CompareOptions options, List<CompareTarget> all)
    {
        // One panel per mix and metric, so the ceiling's reads do not flatten the write bars.
        var throughput = new List<SvgBarChart.Panel>();
        var latency = new List<SvgBarChart.Panel>();
        foreach (var mix in options.Mixes.Select(m => m.Name()))
        {
            var measured = all.Where(t => t.Figures(mix) is not null).ToList();
            var rps = new double?[measured.Count, 1];
            var p99 = new double?[measured.Count, 1];
            for (var s = 0; s < measured.Count; s++)
            {
                rps[s, 0] = measured[s].Figures(mix)!.RequestsPerSecond;
                p99[s, 0] = measured[s].Figures(mix)!.P99Ms;
            }

            var series = measured.Select(t => t.Name).ToList();
            throughput.Add(new SvgBarChart.Panel($"{mix}: throughput", "requests/s", [mix], series, rps));
            latency.Add(new SvgBarChart.Panel($"{mix}: p99", "ms", [mix], series, p99));
        }

        var subtitle = $"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {options.Connections} connections, median of {options.Rounds} × {options.Duration} s (Bench compare)";
        var svg = SvgBarChart.Render("Ours vs the stateless baseline", subtitle, [.. throughput, .. latency], columns: throughput.Count);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, svg);
    }

    private static async Task DropSchemasAsync(string postgres, params string[] schemas)
    {
        try
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            foreach (var schema in schemas)
            {
                await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"could not drop the benchmark schemas: {e.Message}");
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still open by an exiting process; it is in the temp directory.
        }
    }
}
