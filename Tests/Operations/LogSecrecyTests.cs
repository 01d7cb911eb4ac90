using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Grains.Interfaces.Operations;
using OrleansBackend.Runtime.Client;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// A full run against a client-mode Api and three silos, logging everything at Trace: no line of the Api, the silos
/// or a client with a wrong secret carries a password, a session token, the operator token or the cluster secret.
/// </summary>
public sealed class LogSecrecyTests
{
    private const string OperatorToken = "operator-token-that-must-never-be-logged-42";

    [Fact]
    public async Task NoSecretEverReachesALogLine()
    {
        var siloLogs = new ConcurrentQueue<string>();
        await using var deployment = await ClientModeCluster.StartAsync(
            3,
            new Dictionary<string, string?>
            {
                ["Operations:OperatorToken"] = OperatorToken,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            },
            siloLogs: siloLogs);
        var client = deployment.Client;
        var password = $"Sup3r-Secret-{Guid.NewGuid():N}";
        var wrongPassword = $"Wr0ng-Secret-{Guid.NewGuid():N}";
        var wrongOperatorToken = $"not-the-operator-token-{Guid.NewGuid():N}";
        var email = ApiClient.UniqueEmail("secrecy");

        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(email, password, "Secretive")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(email, wrongPassword)).Status);
        var login = await client.LoginAsync(email, password);
        var token = login.Json.GetProperty("token").GetString()!;
        var tokenSecret = token[(token.IndexOf('.') + 1)..];
        var account = await client.PostAsync("/v1/accounts", """{"currency":"EUR"}""", token);
        await client.PostAsync($"/v1/accounts/{account.Id}/deposits", """{"amount":5000}""", token, ApiClient.NewKey());
        await client.PostAsync("/v1/transfers", JsonSerializer.Serialize(new { fromAccountId = account.Id, toAccountId = "acc_nobody", amount = 100 }), token, ApiClient.NewKey());
        await client.GetAsync("/v1/users/me", token + "tampered");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/cluster", OperatorToken)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/v1/cluster", wrongOperatorToken)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/v1/cluster", token)).Status);
        await client.DeleteAsync("/v1/sessions/current", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/users/me", token)).Status);

        var wrongClusterSecret = $"wrong-cluster-secret-{Guid.NewGuid():N}";
        var intruderLogs = await CallWithWrongSecretAsync(deployment, wrongClusterSecret);

        var lines = deployment.Api.Logs.Concat(siloLogs).Concat(intruderLogs).ToList();
        Assert.True(lines.Count > 100, $"a Trace-level run logs plenty ({lines.Count} lines)");
        Assert.Contains(lines, l => l.Contains("handshake", StringComparison.OrdinalIgnoreCase));
        string[] secrets = [password, wrongPassword, tokenSecret, OperatorToken, wrongOperatorToken, deployment.Secret, wrongClusterSecret];
        foreach (var line in lines)
        {
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"a log line carries a secret: {line}");
            }
        }
    }

    /// <summary>A cluster client that knows the wrong secret: the silos refuse it (and log that).</summary>
    private static async Task<IReadOnlyCollection<string>> CallWithWrongSecretAsync(ClientModeCluster deployment, string wrongSecret)
    {
        var logs = new ConcurrentQueue<string>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:ClusterId"] = deployment.Cluster.Options.ClusterId,
            ["Cluster:Secret"] = wrongSecret,
            ["Messaging:ResponseTimeout"] = "00:00:03",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(logs));
        builder.UseClusterClient(client => client.UseInMemoryClustering(deployment.Cluster.MembershipTable));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IHealthProbeGrain>(0).Check();
            Assert.Fail("A client with the wrong cluster secret got an answer.");
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.FailException)
        {
            logs.Enqueue(exception.ToString());
        }
        finally
        {
            await host.StopAsync();
        }

        return logs;
    }
}
