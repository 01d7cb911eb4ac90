using System.CommandLine;
using Orleans.TestingHost;
using OrleansBackend.Bench.Bank;
using OrleansBackend.Bench.Cluster;
using OrleansBackend.Bench.Compare;
using OrleansBackend.Bench.History;
using OrleansBackend.Bench.Load;
using OrleansBackend.Bench.Ping;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Bench.Rolling;
using OrleansBackend.Bench.ScaleOut;
using OrleansBackend.Bench.Storage;
using OrleansBackend.Bench.Streams;

if (ClusterLifecycleBenchmark.IsStandaloneSilo(args))
{
    // `cluster` started this executable as one silo of its TestCluster (TestingHost's standalone silos).
    await StandaloneSiloHost.Main(args);
    return 0;
}

// What else ran on the machine as the benchmark began (the 1-minute load average), reported with every result.
MachineLoad.CaptureAtStart();

if (Console.IsOutputRedirected)
{
    // Tables captured to a file or a pipe keep their columns instead of wrapping at 80 characters.
    Spectre.Console.AnsiConsole.Profile.Width = 160;
}

var root = new RootCommand("OrleansBackend benchmarks. Results go to stdout (a table, and JSON on the last line with --json); progress goes to stderr.")
{
    PingBenchmark.CreateCommand(),
    PingSilo.CreateCommand(),
    ClusterLifecycleBenchmark.CreateCommand(),
    StorageBenchmark.CreateCommand(),
    StreamsBenchmark.CreateCommand(),
    ApiBenchmark.CreateCommand(),
    CompareBenchmark.CreateCommand(),
    HistoryBenchmark.CreateCommand(),
    BankBenchmark.CreateCommand(),
    ScaleOutBenchmark.CreateCommand(),
    RollingBenchmark.CreateCommand(),
};

// Ctrl+C cancels the benchmark's token; give it time to stop what it started (cluster.sh down stops silos gracefully),
// instead of System.CommandLine's default of 2 s after which the process exits with servers still running.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(3) });
