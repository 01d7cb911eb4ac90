using OrleansBackend.Bench.Load;

namespace OrleansBackend.Bench.Compare;

/// <summary>One system under comparison: its client, its signed-in users and the results of each mix's rounds.</summary>
public sealed class CompareTarget(string name, ApiClient client, BenchUser[] users, int connections) : IDisposable
{
    public string Name { get; } = name;

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
