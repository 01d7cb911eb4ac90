using System.CommandLine;
using System.Diagnostics;
using OrleansBackend.Bench.Load;
using OrleansBackend.Bench.Processes;
using OrleansBackend.Bench.Reporting;
using Spectre.Console;

namespace OrleansBackend.Bench.ScaleOut;

/// <summary>
/// <c>scaleout</c>: one silo under load, then a second and a third join while the load goes on. The cluster is
/// real processes started with scripts/cluster.sh (silos and an Api as a pure cluster client, membership in
/// Redis, state in PostgreSQL), so joins go through the same membership, placement and transport as in production;
/// an in-process TestCluster would share one process's thread pool and GC with the load generator and skip the
/// gateway. Reports throughput and errors per phase and the spread of activations over silos after each join.
/// </summary>
public static class ScaleOutBenchmark
{
    public static Command CreateCommand()
    {
        var phase = new Option<int>("--phase") { Description = "Seconds per phase (1, 2 and 3 silos).", DefaultValueFactory = _ => 20 };
        var mix = new Option<string>("--mix") { Description = "read | deposit | transfer | mixed.", DefaultValueFactory = _ => "mixed" };
        var connections = new Option<int>("--connections") { Description = "Concurrent connections.", DefaultValueFactory = _ => 64 };
        var users = new Option<int>("--users") { Description = "Users (one account each): more users, more grains to spread.", DefaultValueFactory = _ => 256 };
        var basePort = new Option<int>("--base-port") { Description = "BASE_PORT of the cluster started here.", DefaultValueFactory = _ => 23700 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("scaleout", "Throughput and errors while a second and a third silo join under load; activation spread after each join.")
        {
            phase, mix, connections, users, basePort, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(phase), parse.GetValue(mix), parse.GetValue(connections), parse.GetValue(users), parse.GetValue(basePort), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int phaseSeconds, string? mixName, int connections, int userCount, int basePort, bool json, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), "orleansbackend-scaleout." + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            return await RunInAsync(work, phaseSeconds, mixName, connections, userCount, basePort, json, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task<int> RunInAsync(string work, int phaseSeconds, string? mixName, int connections, int userCount, int basePort, bool json, CancellationToken cancellationToken)
    {
        if (phaseSeconds is < 5 or > 600 || !LoadMixes.TryParse(mixName, out var mix) || connections < 1 || userCount < 1 || basePort is < 1024 or > 60000)
        {
            Console.Error.WriteLine("--phase must be 5–600, --mix read|deposit|transfer|mixed, --connections and --users ≥ 1, --base-port 1024–60000.");
            return 2;
        }

        await using var cluster = new ClusterScript(Path.Combine(work, "cluster"), basePort);
        Console.Error.WriteLine($"starting 1 silo and an Api with scripts/cluster.sh (BASE_PORT {basePort}) …");
        await cluster.UpAsync(silos: 1, apis: 1);
        using var client = new ApiClient(new Uri(cluster.ApiUrl()), connections, TimeSpan.FromSeconds(30));
        await using var census = await AccountCensus.ConnectAsync(cluster.Redis, await cluster.ClientTlsSettingsAsync("bench-census"), cancellationToken);
        using var view = new ClusterView(new Uri(cluster.ApiUrl()), cluster.OperatorToken, census);
        Console.Error.WriteLine($"signing in {userCount} users …");
        var users = await UserPool.CreateAsync(client, userCount, ApiBenchmark.InitialBalance, cancellationToken);
        var runner = new LoadRunner(client, users, connections);
        var phase = TimeSpan.FromSeconds(phaseSeconds);
        var phases = new List<PhaseFigures>();
        var load = runner.RunAsync(mix, phase * 3, progress: true, checkBalances: false, cancellationToken);
        var clock = Stopwatch.StartNew();
        for (var silos = 1; silos <= 3; silos++)
        {
            var (startedAt, completed, failed) = (clock.Elapsed, runner.Completed, runner.Failed);
            if (silos > 1)
            {
                await cluster.AddSiloAsync();
                Console.Error.WriteLine($"\n[{clock.Elapsed.TotalSeconds:0.0}s] silo {silos} started");
            }

            var end = phase * silos;
            if (end > clock.Elapsed)
            {
                await Task.Delay(end - clock.Elapsed, cancellationToken);
            }

            var seconds = (clock.Elapsed - startedAt).TotalSeconds;
            var spread = await view.SilosAsync(cancellationToken);
            var active = spread.Where(s => s.Status.Equals("active", StringComparison.OrdinalIgnoreCase)).ToList();
            phases.Add(new PhaseFigures(
                silos,
                (runner.Completed - completed) / seconds,
                runner.Failed - failed,
                string.Join(' ', active.Select(s => $"{s.Name}:{s.Activations}")),
                ActivationSpread.MaxDeviationPercent([.. active.Select(s => s.Activations)]),
                string.Join(' ', active.Select(s => $"{s.Name}:{s.Accounts}")),
                ActivationSpread.MaxDeviationPercent([.. active.Select(s => s.Accounts)])));
        }

        var total = await load;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("silos", "requests/s", "errors", "activations per active silo", "max deviation from even", "account grains per silo", "max deviation from even");
        foreach (var p in phases)
        {
            table.AddRow(p.Silos.ToString(), p.RequestsPerSecond.ToString("N0"), p.Errors.ToString(), p.Activations, $"{p.SpreadPercent:0.#} %", p.Accounts, $"{p.AccountSpreadPercent:0.#} %");
        }

        AnsiConsole.Write(table);
        var result = new BenchResult("scaleout").Add("mix", mix.Name()).Add("connections", connections).Add("users", userCount).Add("phaseS", phaseSeconds, "seconds per phase");
        foreach (var p in phases)
        {
            result.Add($"rps{p.Silos}Silo", Math.Round(p.RequestsPerSecond), $"{p.Silos} silo(s): requests/s")
                .Add($"errors{p.Silos}Silo", p.Errors, $"{p.Silos} silo(s): errors (phase starts with the join)")
                .Add($"spread{p.Silos}SiloPct", p.SpreadPercent, $"{p.Silos} silo(s): activations, max deviation from even (%)")
                .Add($"activations{p.Silos}Silo", p.Activations, $"{p.Silos} silo(s): activations per silo")
                .Add($"accountSpread{p.Silos}SiloPct", p.AccountSpreadPercent, $"{p.Silos} silo(s): account grains, max deviation from even (%)")
                .Add($"accounts{p.Silos}Silo", p.Accounts, $"{p.Silos} silo(s): account grains per silo");
        }

        result.Add("errors", total.Errors).Add("errorsByStatus", total.ErrorSummary, "errors by status").Add("p99Ms", Math.Round(total.PercentileMs(99), 3), "p99 over the run (ms)");
        result.Print(json);
        Console.Error.WriteLine("stopping the cluster …");
        return 0;
    }

    private sealed record PhaseFigures(int Silos, double RequestsPerSecond, long Errors, string Activations, double SpreadPercent, string Accounts, double AccountSpreadPercent);
}
