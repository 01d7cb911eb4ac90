using OrleansBackend.Bench.Load;

namespace OrleansBackend.Bench.Compare;

/// <summary>
/// One system under comparison: its client, its signed-in users, the results of each mix's rounds and, when its
/// server process is known, the CPU that process spent per request (where the time goes).
/// </summary>
public sealed class CompareTarget(string name, ApiClient client, BenchUser[] users, int connections, int? serverPid = null) : IDisposable
{
    private readonly Dictionary<string, List<double>> _cpuPerRequest = [];

    public string Name { get; } = name;

    /// <summary>The server process's CPU time so far (user + system), or null when it is not one process of ours.</summary>
    public TimeSpan? ServerCpu()
    {
        if (serverPid is not { } pid)
        {
            return null;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public void RecordCpu(string mix, TimeSpan cpu, long requests)
    {
        if (requests <= 0)
        {
            return;
        }

        if (!_cpuPerRequest.TryGetValue(mix, out var list))
        {
            _cpuPerRequest[mix] = list = [];
        }

        list.Add(cpu.TotalMicroseconds / requests);
    }

    /// <summary>Median server CPU per request in µs over the rounds, or null.</summary>
    public double? CpuPerRequestUs(string mix) => _cpuPerRequest.TryGetValue(mix, out var list) && list.Count > 0 ? Math.Round(CompareSummary.Median(list)) : null;

    public LoadRunner Runner { get; } = new(client, users, connections);

    public Dictionary<string, List<LoadResult>> Results { get; } = [];

    public void Record(LoadResult result)
    {
        if (!Results.TryGetValue(result.Mix, out var list))
        {
            Results[result.Mix] = list = [];
        }

        list.Add(result);
    }

    public MixFigures? Figures(string mix) => Results.TryGetValue(mix, out var rounds)
        ? CompareSummary.Summarize(Name, mix, rounds.Select(r => (r.RequestsPerSecond, r.PercentileMs(50), r.PercentileMs(99), r.Errors)).ToList())
        : null;

    /// <summary>Accounts whose balance did not match the acknowledged (201) writes, over every round.</summary>
    public int BalanceMismatches => Results.Values.SelectMany(r => r).Sum(r => r.Balances?.Mismatches ?? 0);

    public void Dispose() => client.Dispose();
}
