using System.Text.Json;
using OrleansBackend.Tests.Operations.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// <c>Bench rolling</c> as an operator runs it: a 3-silo scripts/cluster.sh cluster, the mixed api load, every silo
/// restarted in turn with SIGTERM and a new process. No request fails and every balance equals what the acknowledged
/// writes promised. (With <c>--signal kill</c> the same run loses requests: that is what this would catch.)
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class RollingBenchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ARollingRestartUnderTheMixedLoadFailsNoRequestAndKeepsEveryBalance()
    {
        var basePort = Environment.GetEnvironmentVariable("ORLEANSBACKEND_TEST_CLUSTER_BASE_PORT") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("ORLEANSBACKEND_TEST_CLUSTER_BASE_PORT is not set: run the tests with scripts/test.sh.");
        var dotnet = ExternalTool.Require("dotnet", "install the .NET SDK.");
        var (exitCode, text) = await ExternalTool.RunAsync(
            dotnet,
            [BackendExecutables.Bench, "rolling", "--silos", "3", "--duration", "10", "--connections", "8", "--warmup", "1", "--base-port", basePort, "--json"],
            timeout: TimeSpan.FromMinutes(10),
            workingDirectory: RepositoryFiles.Root);
        output.WriteLine(text);

        var line = text.Split('\n').Last(l => l.StartsWith("{\"scenario\":\"rolling\"", StringComparison.Ordinal));
        var result = JsonDocument.Parse(line).RootElement;
        Assert.Equal(3, result.GetProperty("restarts").GetString()!.Split(' ').Length);
        Assert.True(result.GetProperty("requests").GetInt64() > 0);
        Assert.True(result.GetProperty("acknowledgedWrites").GetInt64() > 0);
        Assert.Equal(0, result.GetProperty("failedRequests").GetInt64());
        Assert.Equal(0, result.GetProperty("balanceMismatches").GetInt64());
        Assert.Equal(result.GetProperty("expectedTotal").GetInt64(), result.GetProperty("totalBalance").GetInt64());
        Assert.True(result.GetProperty("balancesConsistent").GetBoolean());
        Assert.Equal(0, exitCode);
    }
}
