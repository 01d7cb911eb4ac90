using System.CommandLine;
using System.Diagnostics;
using OrleansBackend.Bench.Load;
using OrleansBackend.Bench.Processes;
using OrleansBackend.Bench.Reporting;

namespace OrleansBackend.Bench.Bank;

/// <summary>
/// <c>bank</c>: money under faults. Against a 3-silo scripts/cluster.sh cluster it starts (or a running one with
/// <c>--target</c>), clients make concurrent random transfers with retries under one Idempotency-Key each, while
/// silos are killed and restarted, paused and the database restarted. Then the invariants of api.md are checked
/// from what the API shows; the exit code is 1 when one breaks.
/// </summary>
public static class BankBenchmark
{
    public static Command CreateCommand()
    {
        var faults = new Option<string>("--faults") { Description = "Comma-separated faults in order: kill, pause, restart-db (empty for none).", DefaultValueFactory = _ => "kill,pause,restart-db" };
        var duration = new Option<int>("--duration") { Description = "Seconds of transfers (faults spread over them).", DefaultValueFactory = _ => 60 };
        var target = new Option<string?>("--target") { Description = "A running API instead of a cluster started here (faults need --cluster-dir and --base-port then)." };
        var clusterDir = new Option<string?>("--cluster-dir") { Description = "CLUSTER_DIR of the running cluster.sh cluster behind --target." };
        var basePort = new Option<int>("--base-port") { Description = "BASE_PORT of the cluster (started here, or behind --target).", DefaultValueFactory = _ => 24000 };
        var users = new Option<int>("--users") { Description = "Users.", DefaultValueFactory = _ => 16 };
        var accounts = new Option<int>("--accounts-per-user") { Description = "Accounts per user.", DefaultValueFactory = _ => 4 };
        var workers = new Option<int>("--workers") { Description = "Concurrent clients.", DefaultValueFactory = _ => 32 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("bank", "Concurrent transfers with retries while silos die, pause and the database restarts; then check the invariants.")
        {
            faults, duration, target, clusterDir, basePort, users, accounts, workers, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(faults)!, parse.GetValue(duration), parse.GetValue(target), parse.GetValue(clusterDir), parse.GetValue(basePort),
            parse.GetValue(users), parse.GetValue(accounts), parse.GetValue(workers), parse.GetValue(json), cancellationToken));
        return command;
    }

    /// <summary>Parses and checks the fault list; returns the problem or null.</summary>
    public static string? ParseFaults(string text, out List<string> faults)
    {
        faults = [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant())];
        var unknown = faults.FirstOrDefault(f => !FaultInjector.Known.Contains(f));
        return unknown is null ? null : $"--faults: unknown fault '{unknown}' (kill, pause, restart-db).";
    }

    private static async Task<int> RunAsync(string faultText, int duration, string? target, string? clusterDir, int basePort, int userCount, int accountsPerUser, int workers, bool json, CancellationToken cancellationToken)
    {
        if (ParseFaults(faultText, out var faults) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }

        if (duration is < 5 or > 3600 || userCount < 2 || accountsPerUser < 1 || workers < 1 || (target is not null && ApiBenchmark.Validate(target, "read", 1, 0, 1, 0) is not null))
        {
            Console.Error.WriteLine("--duration must be 5–3600, --users ≥ 2, --accounts-per-user ≥ 1, --workers ≥ 1, and --target a loopback URL.");
            return 2;
        }

        var work = Path.Combine(Path.GetTempPath(), "orleansbackend-bank." + Guid.NewGuid().ToString("N")[..8]);
        var ownCluster = target is null;
        var cluster = ownCluster
            ? new ClusterScript(Path.Combine(work, "cluster"), basePort)
            : clusterDir is not null ? new ClusterScript(clusterDir, basePort) : null;
        if (cluster is null && faults.Count > 0)
        {
            Console.Error.WriteLine("faults need a cluster to act on: --cluster-dir and --base-port of the cluster behind --target. Running without faults.");
            faults.Clear();
        }

        try
        {
            if (ownCluster)
            {
                Console.Error.WriteLine($"starting a 3-silo cluster with scripts/cluster.sh (CLUSTER_DIR {cluster!.Directory}, BASE_PORT {basePort}) …");
                await cluster.UpAsync(silos: 3, apis: 1);
                target = cluster.ApiUrl();
            }

            using var client = new ApiClient(new Uri(target!), workers + 8, TimeSpan.FromSeconds(15));
            Console.Error.WriteLine($"opening {userCount * accountsPerUser} accounts for {userCount} users …");
            var (users, deposited) = await BankSetup.CreateAsync(client, userCount, accountsPerUser, cancellationToken);
            var workload = new BankWorkload(client, users);
            var injector = cluster is null ? null : new FaultInjector(cluster, faults);
            var started = Stopwatch.GetTimestamp();
            var stopAt = started + (long)(duration * (double)Stopwatch.Frequency);
            await using (new ProgressLine(e => $"{e.TotalSeconds:0}s  acknowledged {workload.Acked.Count:N0}  retries {workload.Retries:N0}  longest outage {workload.MaxOutageSeconds:0.0}s"))
            {
                var load = workload.RunAsync(workers, stopAt, cancellationToken);
                var chaos = injector?.RunAsync(TimeSpan.FromSeconds(duration), cancellationToken) ?? Task.CompletedTask;
                await Task.WhenAll(load, chaos);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            Console.Error.WriteLine("reading every balance and ledger back …");
            var audit = await AuditAsync(client, users, workload.Acked, deposited, cancellationToken);
            var result = new BenchResult("bank")
                .Add("conserved", audit.Conserved)
                .Add("lostAckedWrites", audit.LostAckedWrites, "acknowledged transfers missing on a side")
                .Add("duplicateApplications", audit.DuplicateApplications, "transfers applied twice on a side")
                .Add("maxOutageS", Math.Round(workload.MaxOutageSeconds, 2), "longest outage a client saw (s)")
                .Add("balanceEntryMismatches", audit.BalanceEntryMismatches, "balances ≠ sum of entries")
                .Add("halfApplied", audit.HalfApplied, "transfers on one side only")
                .Add("totalBalance", audit.TotalBalance, "sum of balances")
                .Add("deposited", audit.ExpectedTotal, "deposited")
                .Add("transfersAcknowledged", workload.Acked.Count, "transfers acknowledged (201)")
                .Add("transfersRefused", workload.Refused, "refused (422)")
                .Add("transfersUnresolved", workload.Unresolved, "given up after 90 s of retries")
                .Add("unexpectedAnswers", workload.Unexpected, "unexpected 400/404")
                .Add("retries", workload.Retries)
                .Add("failedAttempts", string.Join(' ', workload.Failures.OrderBy(f => f.Key).Select(f => $"{(f.Key == 0 ? "no-answer" : f.Key.ToString())}×{f.Value}")), "failed attempts by status")
                .Add("faults", string.Join(',', faults))
                .Add("faultLog", string.Join("; ", injector?.Log ?? []), "fault log")
                .Add("durationS", Math.Round(elapsed.TotalSeconds, 1), "duration (s)")
                .Add("accounts", userCount * accountsPerUser)
                .Add("workers", workers);
            result.Print(json);
            return audit.Holds && workload.Unexpected == 0 ? 0 : 1;
        }
        finally
        {
            if (ownCluster && cluster is not null)
            {
                Console.Error.WriteLine("stopping the cluster …");
                await cluster.DisposeAsync();
            }

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

    /// <summary>
    /// Audits; when the money is not all there, sagas interrupted by a fault may still be finishing (they resume on
    /// their retry timer), so the audit is repeated a few times before its answer is final.
    /// </summary>
    private static async Task<AuditResult> AuditAsync(ApiClient client, BankUser[] users, IReadOnlyList<AckedTransfer> acked, long deposited, CancellationToken cancellationToken)
    {
        AuditResult audit;
        var attempt = 0;
        while (true)
        {
            var accounts = await BankSetup.ReadBackAsync(client, users, cancellationToken);
            audit = BankAudit.Check(accounts, acked, deposited);
            if (audit.Holds || ++attempt >= 4)
            {
                return audit;
            }

            Console.Error.WriteLine($"audit {attempt}: {audit}; looking again in 10 s (interrupted transfers may still be completing) …");
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        }
    }
}
