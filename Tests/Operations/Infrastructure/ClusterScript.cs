using System.Text.Json;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// Drives <c>scripts/cluster.sh</c> (real silo and Api processes, Redis and PostgreSQL) on the ports scripts/test.sh
/// gives this run (<c>ORLEANSBACKEND_TEST_CLUSTER_BASE_PORT</c>), in a directory of its own, with the binaries the
/// test run was built from.
/// </summary>
public sealed class ClusterScript
{
    private readonly Dictionary<string, string> _environment;

    public ClusterScript(string operatorToken)
    {
        var basePort = Environment.GetEnvironmentVariable("ORLEANSBACKEND_TEST_CLUSTER_BASE_PORT") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "ORLEANSBACKEND_TEST_CLUSTER_BASE_PORT is not set. This test starts a cluster with scripts/cluster.sh on the ports scripts/test.sh assigns: run the tests with scripts/test.sh.");
        Directory = System.IO.Directory.CreateTempSubdirectory("orleansbackend-cluster-sh-").FullName;
        _environment = new Dictionary<string, string>
        {
            ["BASE_PORT"] = basePort,
            ["CLUSTER_DIR"] = Directory,
            ["CLUSTER_ID"] = $"ops-{Guid.NewGuid():N}"[..12],
            ["OPERATOR_TOKEN"] = operatorToken,
            ["SKIP_BUILD"] = "1",
        };
    }

    /// <summary>The cluster's directory (logs under logs/).</summary>
    public string Directory { get; }

    /// <summary>Runs <c>cluster.sh</c> with <paramref name="arguments"/>; fails the test (with its output) when it fails.</summary>
    public async Task<string> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var bash = ExternalTool.Require("bash", "install bash.");
        var (exitCode, output) = await ExternalTool.RunAsync(bash, [RepositoryFiles.PathOf("scripts/cluster.sh"), .. arguments], timeout: timeout, environment: _environment, workingDirectory: RepositoryFiles.Root);
        Assert.True(exitCode == 0, $"cluster.sh {string.Join(' ', arguments)} failed (exit {exitCode}):\n{output}\n{Logs()}");
        return output;
    }

    /// <summary><c>cluster.sh status --json</c>.</summary>
    public async Task<JsonElement> StatusAsync() => JsonDocument.Parse(await RunAsync(TimeSpan.FromMinutes(1), "status", "--json")).RootElement.Clone();

    /// <summary>The lines of one process's log (api-0, silo-1, …) that contain <paramref name="text"/>, for failure messages.</summary>
    public string LogLines(string name, string text)
    {
        var file = Path.Combine(Directory, "logs", name + ".log");
        return File.Exists(file)
            ? string.Join("\n", File.ReadLines(file).Where(l => l.Contains(text, StringComparison.Ordinal)).Take(10))
            : string.Empty;
    }

    /// <summary>The tail of every process log, for failure messages.</summary>
    public string Logs()
    {
        var logs = Path.Combine(Directory, "logs");
        if (!System.IO.Directory.Exists(logs))
        {
            return string.Empty;
        }

        return string.Join("\n", System.IO.Directory.GetFiles(logs).Order().Select(f =>
            $"--- {Path.GetFileName(f)}\n{string.Join("\n", File.ReadLines(f).TakeLast(15))}"));
    }
}
