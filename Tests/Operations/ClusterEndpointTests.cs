using System.Net;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Cluster;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>GET /v1/cluster: operator token, and what it reports for a client-mode Api and an embedded one.</summary>
public sealed class ClusterEndpointTests
{
    private const string OperatorToken = "operator-token-for-tests-0123456789";

    [Fact]
    public async Task AClientModeApiReportsEverySiloWithItsFigures()
    {
        await using var deployment = await ClientModeCluster.StartAsync(3, new Dictionary<string, string?> { ["Operations:OperatorToken"] = OperatorToken });
        var client = deployment.Client;
        var user = await client.NewUserAsync("operator");
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => deployment.Cluster.GrainFactory.GetGrain<ILocatorGrain>(i).LocateOther(500 + i)));

        var cluster = await client.GetAsync("/v1/cluster", OperatorToken);

        Assert.Equal(HttpStatusCode.OK, cluster.Status);
        var json = cluster.Json;
        Assert.Equal("client", json.GetProperty("mode").GetString());
        Assert.Equal(deployment.Cluster.Options.ClusterId, json.GetProperty("clusterId").GetString());
        var silos = json.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(3, silos.Count);
        var names = deployment.Cluster.Silos.Select(s => s.Name).ToHashSet();
        foreach (var silo in silos)
        {
            Assert.Contains(silo.GetProperty("name").GetString()!, names);
            Assert.Equal("active", silo.GetProperty("status").GetString());
            Assert.StartsWith("127.0.0.1:", silo.GetProperty("address").GetString());
            Assert.True(silo.GetProperty("started").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
            Assert.True(silo.GetProperty("activationCount").GetInt64() > 0, "every silo holds activations");
            var metrics = silo.GetProperty("metrics");
            Assert.True(metrics.GetProperty("calls").GetDouble() > 0);
            Assert.Equal(3, metrics.GetProperty("activeSilosSeen").GetInt64());
            Assert.True(metrics.GetProperty("activationsByType").TryGetProperty("locator", out _) || metrics.GetProperty("activationsByType").EnumerateObject().Any());
            Assert.Contains(metrics.GetProperty("methods").EnumerateArray(), m => m.GetProperty("interface").GetString() == "ILocatorGrain");
            Assert.True(metrics.GetProperty("callLatency").GetProperty("count").GetDouble() > 0);
            Assert.True(metrics.GetProperty("process").GetProperty("workingSetBytes").GetDouble() > 0);
        }

        var total = silos.Sum(s => s.GetProperty("activationCount").GetInt64());
        Assert.True(total >= 60, $"the silos hold the test's activations (got {total})");
        Assert.Contains(json.GetProperty("api").GetProperty("routes").EnumerateArray(), r => r.GetProperty("route").GetString() == "/v1/users/" && r.GetProperty("status").GetInt32() == 201);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/v1/cluster", user.Token)).Status);
    }

    [Fact]
    public async Task TheOperatorTokenIsRequired()
    {
        await using var factory = new ApiFactory(settings: new Dictionary<string, string?> { ["Operations:OperatorToken"] = OperatorToken });
        var client = new ApiClient(factory.CreateClient());

        var none = await client.GetAsync("/v1/cluster");
        var wrong = await client.GetAsync("/v1/cluster", OperatorToken + "x");
        var right = await client.GetAsync("/v1/cluster", OperatorToken);

        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal("unauthorized", none.Code);
        Assert.Equal("application/problem+json", none.ContentType);
        Assert.StartsWith("Bearer", none.Header("WWW-Authenticate"));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
        Assert.Equal("forbidden", wrong.Code);
        Assert.Equal(HttpStatusCode.OK, right.Status);
        var silo = Assert.Single(right.Json.GetProperty("silos").EnumerateArray());
        Assert.Equal("embedded", right.Json.GetProperty("mode").GetString());
        Assert.Equal("active", silo.GetProperty("status").GetString());
    }

    [Fact]
    public async Task WithoutAConfiguredTokenTheClusterEndpointIsClosed()
    {
        await using var factory = new ApiFactory();
        var client = new ApiClient(factory.CreateClient());

        var answer = await client.GetAsync("/v1/cluster", "anything-at-all-long-enough");

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Contains("Operations:OperatorToken", answer.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AShortOperatorTokenStopsTheApiAtStartUp()
    {
        await using var factory = new ApiFactory(settings: new Dictionary<string, string?> { ["Operations:OperatorToken"] = "short" });

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Operations:OperatorToken", failure.ToString());
    }

    [Fact]
    public async Task ReadinessInClientModeFollowsTheCluster()
    {
        await using var deployment = await ClientModeCluster.StartAsync(1);
        var client = deployment.Client;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).Status);

        await deployment.Cluster.KillSiloAsync(deployment.Cluster.Silos[0]);

        await Eventually.True(async () => (await client.GetAsync("/health/ready")).Status == HttpStatusCode.ServiceUnavailable, "readiness reports the lost cluster", TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).Status);
    }
}
