using System.Security.Cryptography;
using System.Text.Json;

namespace OrleansBackend.Bench.Processes;

/// <summary>
/// A local cluster run by scripts/cluster.sh in a directory and on ports of its own (CLUSTER_DIR, BASE_PORT), from the
/// Release build as it is (SKIP_BUILD=1). The Apis get no rate limits (a load generator is one client address) and
/// warning-level logs; the operator token is generated here so <c>GET /v1/cluster</c> can be read.
/// </summary>
public sealed class ClusterScript(string directory, int basePort) : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment = new()
    {
        ["CLUSTER_DIR"] = directory,
        ["BASE_PORT"] = basePort.ToString(),
        ["SKIP_BUILD"] = "1",
        ["OPERATOR_TOKEN"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        ["RateLimiting__Enabled"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private bool _up;

    public string Directory { get; } = directory;

    public string OperatorToken => _environment["OPERATOR_TOKEN"];

    public string ApiUrl(int index = 0) => $"http://127.0.0.1:{basePort + 400 + index}";

    /// <summary>The cluster's Redis (Orleans' membership), for a benchmark that joins as an Orleans client.</summary>
    public string Redis => $"127.0.0.1:{basePort + 1}";

    public string PostgresDataDirectory => Path.Combine(Directory, "pg", "data");

    /// <summary>
    /// The <c>Orleans:Tls</c> settings of a client of this cluster named <paramref name="node"/>: the cluster's CA and a
    /// certificate from it, made the way cluster.sh makes its nodes' (scripts/cluster-certs.sh in <c>tls/</c>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> ClientTlsSettingsAsync(string node)
    {
        var tls = Path.Combine(Directory, "tls");
        var (exitCode, output) = await Shell.RunAsync("sh", [Path.Combine(RepoPaths.Root, "scripts", "cluster-certs.sh"), tls, node], timeout: TimeSpan.FromSeconds(30));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/cluster-certs.sh failed ({exitCode}):\n{output}");
        }

        return new Dictionary<string, string?>
        {
            ["Orleans:Tls:CaCertificate"] = Path.Combine(tls, "ca.pem"),
            ["Orleans:Tls:Certificate"] = Path.Combine(tls, $"{node}.pem"),
        };
    }

    public async Task UpAsync(int silos, int apis)
    {
        RepoPaths.Require(RepoPaths.ApiDll);
        RepoPaths.Require(RepoPaths.SiloDll);
        _up = true;
        await RunAsync(TimeSpan.FromMinutes(5), "up", "--silos", silos.ToString(), "--apis", apis.ToString());
    }

    public Task AddSiloAsync() => RunAsync(TimeSpan.FromMinutes(1), "add-silo");

    public Task KillSiloAsync(string name) => RunAsync(TimeSpan.FromSeconds(30), "kill-silo", name);

    public Task RestartSiloAsync(string name) => RunAsync(TimeSpan.FromMinutes(1), "restart-silo", name);

    /// <summary>The silos of <c>status --json</c>: name, pid (0 when not running) and membership status.</summary>
    public async Task<IReadOnlyList<(string Name, int Pid, string Status)>> SilosAsync()
    {
        var output = await RunAsync(TimeSpan.FromSeconds(30), "status", "--json");
        var line = output.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("silos").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("pid").GetInt32(), s.GetProperty("status").GetString()!))
            .ToList();
    }

    /// <summary>Restarts the cluster's PostgreSQL (fast shutdown: open transactions are rolled back), as an outage of the database.</summary>
    public async Task RestartPostgresAsync()
    {
        var bin = Shell.PostgresBin() ?? throw new InvalidOperationException("PostgreSQL is not installed");
        var (code, output) = await Shell.RunAsPostgresAsync(Path.Combine(bin, "pg_ctl"), "-D", PostgresDataDirectory, "-l", Path.Combine(Directory, "pg", "server.log"), "-m", "fast", "-w", "-t", "60", "restart");
        if (code != 0)
        {
            throw new InvalidOperationException("pg_ctl restart failed: " + output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_up)
        {
            _up = false;
            await RunAsync(TimeSpan.FromMinutes(3), "down", "--wipe");
        }
    }

    private async Task<string> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var (code, output) = await Shell.RunAsync("bash", [RepoPaths.ClusterScript, .. arguments], _environment, timeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} failed ({code}): {output}");
        }

        return output;
    }
}
