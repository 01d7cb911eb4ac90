using OrleansBackend.Bench.Load;

namespace OrleansBackend.Bench.Compare;

/// <summary>The options of <c>compare</c>, checked before anything starts.</summary>
public sealed record CompareOptions(
    string? Postgres,
    string? Redis,
    int Duration,
    int Warmup,
    int Connections,
    int Rounds,
    IReadOnlyList<LoadMix> Mixes,
    bool Cluster,
    string? Svg,
    bool Json)
{
    /// <summary>Parses <paramref name="mixes"/> (comma-separated) and checks ranges; returns the problem or null.</summary>
    public static string? TryCreate(string? postgres, string? redis, int duration, int warmup, int connections, int rounds, string mixes, bool cluster, string? svg, bool json, out CompareOptions? options)
    {
        options = null;
        var parsed = new List<LoadMix>();
        foreach (var name in mixes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!LoadMixes.TryParse(name, out var mix))
            {
                return $"--mixes: unknown mix '{name}' (read, deposit, transfer, mixed).";
            }

            if (!parsed.Contains(mix))
            {
                parsed.Add(mix);
            }
        }

        if (parsed.Count == 0)
        {
            return "--mixes names no mix.";
        }

        if (duration is < 1 or > 600 || warmup is < 0 or > 60 || connections is < 1 or > 1024 || rounds is < 1 or > 10)
        {
            return "--duration must be 1–600, --warmup 0–60, --connections 1–1024 and --rounds 1–10.";
        }

        if (string.IsNullOrWhiteSpace(postgres) != string.IsNullOrWhiteSpace(redis))
        {
            return "--postgres and --redis go together (or neither: throwaway servers are started).";
        }

        options = new CompareOptions(postgres, redis, duration, warmup, connections, rounds, parsed, cluster, svg, json);
        return null;
    }
}
