using System.CommandLine;
using System.Diagnostics;
using Orleans.TestingHost;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Grains.Interfaces;

namespace OrleansBackend.Bench.Cluster;

/// <summary>
/// <c>cluster</c>: how long a <see cref="TestCluster"/> (Microsoft.Orleans.TestingHost) of N silos over loopback TCP
/// takes to start (until every silo is active in the membership table), how long the survivors take to declare a
/// killed silo dead with the Silo's shipped failure-detection settings (or Orleans' defaults), how soon every grain
/// answers again, and how long disposing takes. By default each silo is a process of its own (TestingHost's
/// standalone silos: this executable hosting <see cref="StandaloneSiloHost"/>) and the kill is a SIGKILL; with
/// <c>--in-process</c> the silos share this process and the "kill" is TestingHost's abrupt stop, in which the silo
/// still writes itself dead, so it measures no failure detection.
/// </summary>
public static class ClusterLifecycleBenchmark
{
    private const int Grains = 300;

    public static Command CreateCommand()
    {
        var silos = new Option<int>("--silos") { Description = "Silos per cluster (at least 2: one is killed).", DefaultValueFactory = _ => 3 };
        var runs = new Option<int>("--runs") { Description = "Clusters started, killed into and disposed.", DefaultValueFactory = _ => 5 };
        var membership = new Option<string>("--membership") { Description = "shipped (Silo/appsettings.json Orleans:Membership) or orleans-default.", DefaultValueFactory = _ => "shipped" };
        var inProcess = new Option<bool>("--in-process") { Description = "Silos in this process (the kill is then an abrupt stop that still reports itself dead)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("cluster", "TestCluster start and dispose time, and detection of a killed silo.") { silos, runs, membership, inProcess, json };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(silos), parse.GetValue(runs), parse.GetValue(membership)!, parse.GetValue(inProcess), parse.GetValue(json), cancellationToken));
        return command;
    }

    /// <summary>Runs this process as a standalone silo of a test cluster when TestingHost started it so (its pid and configuration as arguments).</summary>
    public static bool IsStandaloneSilo(string[] args) => args is [var pid, var configuration] && int.TryParse(pid, out _) && configuration.TrimStart().StartsWith('[');

    private static async Task<int> RunAsync(int silos, int runs, string membership, bool inProcess, bool json, CancellationToken cancellationToken)
    {
        if (silos is < 2 or > 10 || runs < 1 || membership is not ("shipped" or "orleans-default"))
        {
            Console.Error.WriteLine("--silos must be 2–10, --runs at least 1, --membership shipped or orleans-default.");
            return 2;
        }

        var start = new List<double>();
        var detect = new List<double>();
        var recover = new List<double>();
        var dispose = new List<double>();
        for (var run = 1; run <= runs && !cancellationToken.IsCancellationRequested; run++)
        {
            var watch = Stopwatch.StartNew();
            var builder = new TestClusterBuilder((short)silos);
            builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
            builder.Options.ConfigureFileLogging = false;
            builder.Properties[ShippedMembership.ModeKey] = membership;

            // TestingHost turns on its experimental distributed grain directory; the Silo ships Orleans' default one.
            builder.Options.SiloBuilderConfiguratorTypes.RemoveAll(t => t?.Contains("ConfigureDistributedGrainDirectory", StringComparison.Ordinal) == true);
            builder.AddSiloBuilderConfigurator<ShippedMembership>();
            if (!inProcess)
            {
                builder.CreateSiloAsync = StandaloneSiloHandle.CreateDelegate(Path.Combine(AppContext.BaseDirectory, "Bench"));
            }

            var cluster = builder.Build();
            await cluster.DeployAsync();
            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            await WaitUntilAsync(async () => (await HostsAsync(management)).Count(h => h.Value == SiloStatus.Active) == silos, cancellationToken);
            start.Add(watch.Elapsed.TotalMilliseconds);

            var grains = new IPingGrain[Grains];
            for (var i = 0; i < Grains; i++)
            {
                grains[i] = cluster.GrainFactory.GetGrain<IPingGrain>(i);
            }

            await Task.WhenAll(grains.Select(g => g.Ping(1)));
            var victim = cluster.SecondarySilos[^1];
            var address = victim.SiloAddress;
            watch.Restart();
            await cluster.KillSiloAsync(victim);
            await WaitUntilAsync(async () => (await HostsAsync(management)).GetValueOrDefault(address) == SiloStatus.Dead, cancellationToken);
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
            .Add("membership", membership)
            .Add("siloHosting", inProcess ? "in-process" : "processes", "silo hosting")
            .Add("startMedianMs", Median(start), "start, median (ms)")
            .Add("startMaxMs", Math.Round(start.Max()), "start, max (ms)")
            .Add("detectMedianMs", Median(detect), "kill → declared dead, median (ms)")
            .Add("detectMaxMs", Math.Round(detect.Max()), "kill → declared dead, max (ms)")
            .Add("recoverMedianMs", Median(recover), "kill → all grains answer, median (ms)")
            .Add("recoverMaxMs", Math.Round(recover.Max()), "kill → all grains answer, max (ms)")
            .Add("disposeMedianMs", Median(dispose), "dispose, median (ms)")
            .Add("disposeMaxMs", Math.Round(dispose.Max()), "dispose, max (ms)")
            .Print(json);
        return 0;
    }

    /// <summary>
    /// The membership table as a silo reads it (the management grain refreshes it first); empty when the call failed,
    /// for instance through the gateway of the silo just killed.
    /// </summary>
    private static async Task<Dictionary<SiloAddress, SiloStatus>> HostsAsync(IManagementGrain management)
    {
        try
        {
            return await management.GetHosts(onlyActive: false).WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception)
        {
            return [];
        }
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
        var deadline = Stopwatch.GetTimestamp() + (90 * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The cluster did not get there within 90 s.");
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
