using System.CommandLine;
using System.Diagnostics;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Testing;

namespace OrleansBackend.Bench.Cluster;

/// <summary>
/// <c>cluster</c>: how long an in-process <see cref="TestCluster"/> of N silos over loopback TCP takes to start (until
/// every silo and the client agree on membership), how long the survivors take to vote a killed silo dead in the membership table with
/// the default failure-detection settings, how soon every grain answers again, and how long disposing takes.
/// </summary>
public static class ClusterLifecycleBenchmark
{
    private const int Grains = 300;

    public static Command CreateCommand()
    {
        var silos = new Option<int>("--silos") { Description = "Silos per cluster (at least 2: one is killed).", DefaultValueFactory = _ => 3 };
        var runs = new Option<int>("--runs") { Description = "Clusters started, killed into and disposed.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("cluster", "TestCluster start and dispose time, and detection of a killed silo.") { silos, runs, json };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(silos), parse.GetValue(runs), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int silos, int runs, bool json, CancellationToken cancellationToken)
    {
        if (silos < 2 || runs < 1)
        {
            Console.Error.WriteLine("--silos must be at least 2 and --runs at least 1.");
            return 2;
        }

        var start = new List<double>();
        var detect = new List<double>();
        var recover = new List<double>();
        var dispose = new List<double>();
        for (var run = 1; run <= runs && !cancellationToken.IsCancellationRequested; run++)
        {
            var watch = Stopwatch.StartNew();
            var cluster = new TestClusterBuilder(silos).Build();
            await cluster.DeployAsync();
            await cluster.WaitForLivenessToStabilizeAsync();
            start.Add(watch.Elapsed.TotalMilliseconds);

            var grains = new IPingGrain[Grains];
            for (var i = 0; i < Grains; i++)
            {
                grains[i] = cluster.GrainFactory.GetGrain<IPingGrain>(i);
            }

            await Task.WhenAll(grains.Select(g => g.Ping(1)));
            var victim = cluster.Silos[^1];
            var address = victim.Address!;
            watch.Restart();
            await cluster.KillSiloAsync(victim);
            await WaitUntilAsync(async () => (await cluster.MembershipTable.ReadAllAsync(cancellationToken)).Entries.Any(e => e.Entry.Address == address && e.Entry.Status == SiloStatus.Dead), cancellationToken);
            detect.Add(watch.Elapsed.TotalMilliseconds);
            await WaitUntilAsync(() => AllAnswer(grains), cancellationToken);
            recover.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            await cluster.DisposeAsync();
            dispose.Add(watch.Elapsed.TotalMilliseconds);
            Console.Error.WriteLine($"run {run}/{runs}: start {start[^1]:0} ms, killed silo declared dead after {detect[^1]:0} ms, every grain answering after {recover[^1]:0} ms, dispose {dispose[^1]:0} ms");
        }

        new BenchResult("cluster")
            .Add("silos", silos)
            .Add("runs", start.Count)
            .Add("startMedianMs", Median(start), "start, median (ms)")
            .Add("startMaxMs", Math.Round(start.Max()), "start, max (ms)")
            .Add("detectMedianMs", Median(detect), "kill → voted dead, median (ms)")
            .Add("detectMaxMs", Math.Round(detect.Max()), "kill → dead, max (ms)")
            .Add("recoverMedianMs", Median(recover), "kill → all grains answer, median (ms)")
            .Add("disposeMedianMs", Median(dispose), "dispose, median (ms)")
            .Add("disposeMaxMs", Math.Round(dispose.Max()), "dispose, max (ms)")
            .Print(json);
        return 0;
    }

    private static async Task<bool> AllAnswer(IPingGrain[] grains)
    {
        try
        {
            await Task.WhenAll(grains.Select(g => g.Ping(2))).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken) =>
        await WaitUntilAsync(() => Task.FromResult(condition()), cancellationToken);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The cluster did not get there within 60 s.");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return Math.Round(sorted[sorted.Count / 2]);
    }
}
