using System.CommandLine;
using OrleansBackend.Bench.Load;
using OrleansBackend.Bench.Processes;
using OrleansBackend.Bench.Reporting;

namespace OrleansBackend.Bench.Rolling;

/// <summary>
/// <c>rolling</c>: a rolling upgrade under load, proven. Against a scripts/cluster.sh cluster it starts (or a running one
/// with <c>--target</c>, <c>--cluster-dir</c> and <c>--base-port</c>), the <c>api</c> benchmark's mixed load runs while
/// every silo is restarted in turn (SIGTERM, a new process, wait until it is active again before the next). It reports
/// the requests, the failed ones (any answer other than 2xx, or none), latency over the roll, each silo's restart, and
/// checks afterwards that every balance equals what the acknowledged writes promised. Exit code 1 when a request failed
/// or a balance is off.
/// </summary>
public static class RollingBenchmark
{
    public static Command CreateCommand()
    {
        var silos = new Option<int>("--silos") { Description = "Silos of the cluster started here.", DefaultValueFactory = _ => 3 };
        var duration = new Option<int>("--duration") { Description = "Seconds of measured load; the restarts are spread over them (the load goes on until the roll is over).", DefaultValueFactory = _ => 60 };
        var connections = new Option<int>("--connections") { Description = "Concurrent keep-alive connections (one worker each).", DefaultValueFactory = _ => 16 };
        var users = new Option<int>("--users") { Description = "Users (one account each); 0 = one per connection.", DefaultValueFactory = _ => 0 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of the same mix before measuring (not counted).", DefaultValueFactory = _ => 3 };
        var mix = new Option<string>("--mix") { Description = "read | deposit | transfer | mixed (80/10/10).", DefaultValueFactory = _ => "mixed" };
        var signal = new Option<string>("--signal") { Description = "term (graceful, the rolling upgrade) or kill (SIGKILL then start: the negative control, which loses requests).", DefaultValueFactory = _ => "term" };
        var target = new Option<string?>("--target") { Description = "A running cluster's API instead of a cluster started here (needs --cluster-dir and --base-port)." };
        var clusterDir = new Option<string?>("--cluster-dir") { Description = "CLUSTER_DIR of the running cluster.sh cluster behind --target." };
        var basePort = new Option<int>("--base-port") { Description = "BASE_PORT of the cluster (started here, or behind --target).", DefaultValueFactory = _ => 24500 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("rolling", "Restart every silo of a cluster.sh cluster in turn (SIGTERM, new process) under the mixed API load; report failed requests, p99 and the balances.")
        {
            silos, duration, connections, users, warmup, mix, signal, target, clusterDir, basePort, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new RollingOptions(
                parse.GetValue(silos), parse.GetValue(duration), parse.GetValue(connections), parse.GetValue(users), parse.GetValue(warmup),
                parse.GetValue(mix)!, parse.GetValue(signal)!, parse.GetValue(target), parse.GetValue(clusterDir), parse.GetValue(basePort), parse.GetValue(json)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(RollingOptions options, CancellationToken cancellationToken)
    {
        var ownCluster = options.Target is null;
        var problem = ApiBenchmark.Validate(options.Target ?? "http://127.0.0.1:1", options.Mix, options.Connections, options.Users, options.Duration, options.Warmup)
            ?? (options.Silos is < 2 or > 16 ? "--silos must be 2–16 (a roll needs a silo to move to)." : null)
            ?? (options.Signal is not ("term" or "kill") ? "--signal must be term or kill." : null)
            ?? (!ownCluster && options.ClusterDir is null ? "--target needs --cluster-dir and --base-port: the roll restarts that cluster's silos." : null);
        if (problem is not null)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }

        LoadMixes.TryParse(options.Mix, out var mix);
        var work = Path.Combine(Path.GetTempPath(), "orleansbackend-rolling." + Guid.NewGuid().ToString("N")[..8]);
        var cluster = new ClusterScript(options.ClusterDir ?? Path.Combine(work, "cluster"), options.BasePort);
        try
        {
            var target = options.Target;
            if (ownCluster)
            {
                Console.Error.WriteLine($"starting a {options.Silos}-silo cluster with scripts/cluster.sh (CLUSTER_DIR {cluster.Directory}, BASE_PORT {options.BasePort}) …");
                await cluster.UpAsync(options.Silos, apis: 1);
                target = cluster.ApiUrl();
            }

            using var client = new ApiClient(new Uri(target!), options.Connections, TimeSpan.FromSeconds(30));
            var count = options.Users == 0 ? options.Connections : options.Users;
            Console.Error.WriteLine($"signing in {count} users and funding their accounts …");
            var users = await UserPool.CreateAsync(client, count, ApiBenchmark.InitialBalance, cancellationToken);
            var runner = new LoadRunner(client, users, options.Connections);
            if (options.Warmup > 0)
            {
                Console.Error.WriteLine($"warming up for {options.Warmup} s …");
                await runner.RunAsync(mix, TimeSpan.FromSeconds(options.Warmup), progress: false, checkBalances: false, cancellationToken);
            }

            var totalBefore = (await runner.ReadBalancesAsync(cancellationToken)).Sum();

            // The roll and the measured load start together; the load lasts at least --duration and until the roll is over.
            var roll = new RollingRestart(cluster, options.Signal == "kill");
            var rolling = roll.RunAsync(TimeSpan.FromSeconds(options.Duration), cancellationToken);
            var load = runner.RunAsync(mix, TimeSpan.FromSeconds(options.Duration), progress: true, checkBalances: true, cancellationToken, extendUntil: rolling);
            await Task.WhenAll(rolling, load);
            var result = await load;

            var failed = result.Errors;
            var balances = result.Balances!;

            // Accounts a 202 (a transfer still pending) left unchecked one by one are covered by the total: once the
            // pending transfers complete (their sagas carry on by themselves), all the money is the money before plus
            // the acknowledged deposits.
            var expectedTotal = totalBefore + runner.AcknowledgedNet;
            var totalAfter = (await runner.ReadBalancesAsync(cancellationToken)).Sum();
            for (var attempt = 0; totalAfter != expectedTotal && attempt < 30; attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                totalAfter = (await runner.ReadBalancesAsync(cancellationToken)).Sum();
            }

            var conserved = totalAfter == expectedTotal;
            var report = new BenchResult("rolling")
                .Add("signal", options.Signal == "kill" ? "SIGKILL" : "SIGTERM")
                .Add("silos", options.Silos)
                .Add("failedRequests", failed, "failed requests (not 2xx, or no answer)");
            result.AddTo(report)
                .Add("rollS", Math.Round(roll.Restarts.Max(r => r.StartedAtS + r.RejoinedS) - roll.Restarts.Min(r => r.StartedAtS), 1), "roll: first restart to last rejoin (s)")
                .Add("restarts", string.Join(' ', roll.Restarts.Select(r => $"{r.Silo}:{r.RestartS:0.0}/{r.RejoinedS:0.0}")), "per silo: stop+start / until active again (s)")
                .Add("totalBalance", totalAfter, "sum of balances after the roll")
                .Add("expectedTotal", expectedTotal, "sum before + acknowledged deposits")
                .Add("balancesConsistent", balances.Mismatches == 0 && conserved, "every checked balance = its acknowledged writes, and the total adds up")
                .Add("connections", options.Connections)
                .Add("users", count);
            report.Print(options.Json);
            return failed == 0 && balances.Mismatches == 0 && conserved ? 0 : 1;
        }
        finally
        {
            if (ownCluster)
            {
                Console.Error.WriteLine("stopping the cluster …");
                await cluster.DisposeAsync();
                try
                {
                    Directory.Delete(work, recursive: true);
                }
                catch (DirectoryNotFoundException)
                {
                    // Nothing was written.
                }
            }
        }
    }

    private sealed record RollingOptions(
        int Silos, int Duration, int Connections, int Users, int Warmup, string Mix, string Signal, string? Target, string? ClusterDir, int BasePort, bool Json);
}
