using System.CommandLine;
using OrleansBackend.Bench.Ping;

var root = new RootCommand("OrleansBackend benchmarks. Results go to stdout (a table, and JSON on the last line with --json); progress goes to stderr.")
{
    PingBenchmark.CreateCommand(),
};
return await root.Parse(args).InvokeAsync();
