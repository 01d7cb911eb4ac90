using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// GET /v1/cluster and the dashboard's data behind the operator token, on a client-mode Api in front of two silo
/// processes and on the embedded Api.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ClusterEndpointTests
{
    private const string OperatorToken = "operator-token-for-tests-0123456789";

    [Fact]
    public async Task AClientModeApiReportsEverySiloToTheOperatorOnly()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, apis: 1, apiSettings: new Dictionary<string, string?> { ["Operations:OperatorToken"] = OperatorToken });
        using var http = new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress };
        var user = await ApiCalls.RegisterAndLoginAsync(http, "operator");

        using var none = await http.SendAsync(ApiCalls.Get("/v1/cluster"));
        using var wrong = await http.SendAsync(ApiCalls.Get("/v1/cluster", OperatorToken + "x"));
        using var userToken = await http.SendAsync(ApiCalls.Get("/v1/cluster", user.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.StartsWith("Bearer", none.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, userToken.StatusCode);

        // Activation counts come from Orleans' statistics, which the silos refresh on their own schedule.
        JsonElement json = default;
        await Eventually.True(
            async () =>
            {
                using var answer = await http.SendAsync(ApiCalls.Get("/v1/cluster", OperatorToken));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                json = await answer.Content.ReadFromJsonAsync<JsonElement>();
                return json.GetProperty("silos").EnumerateArray().Sum(s => s.GetProperty("activationCount").GetInt64()) > 0;
            },
            "the silos report activations",
            TimeSpan.FromSeconds(30));
        Assert.Equal("client", json.GetProperty("mode").GetString());
        Assert.Equal(cluster.ClusterId, json.GetProperty("clusterId").GetString());
        var silos = json.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(["silo-0", "silo-1"], silos.Select(s => s.GetProperty("name").GetString()).Order());
        Assert.All(silos, s =>
        {
            Assert.Equal("active", s.GetProperty("status").GetString());
            Assert.StartsWith("127.0.0.1:", s.GetProperty("address").GetString());
            Assert.True(s.GetProperty("gatewayPort").GetInt32() > 0);
        });

        // The dashboard's data: the operator token as a bearer token works for scripts; nothing else does.
        using var counters = await http.SendAsync(ApiCalls.Get("/dashboard/DashboardCounters", OperatorToken));
        using var anonymous = await http.SendAsync(ApiCalls.Get("/dashboard/DashboardCounters"));
        using var userCounters = await http.SendAsync(ApiCalls.Get("/dashboard/DashboardCounters", user.Token));
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Equal(2, (await counters.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hosts").GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, userCounters.StatusCode);
    }

    [Fact]
    public async Task WithoutAnOperatorTokenTheEmbeddedApiKeepsOperationsClosed()
    {
        await using var api = await EmbeddedApi.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Process.BaseAddress };

        using var cluster = await http.SendAsync(ApiCalls.Get("/v1/cluster", "anything-at-all-long-enough"));
        using var dashboard = await http.SendAsync(ApiCalls.Get("/dashboard/DashboardCounters", "anything-at-all-long-enough"));

        Assert.Equal(HttpStatusCode.Forbidden, cluster.StatusCode);
        Assert.Contains("Operations:OperatorToken", await cluster.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
    }

    [Fact]
    public async Task TheEmbeddedApiReportsItsOwnSilo()
    {
        await using var api = await EmbeddedApi.StartAsync(new Dictionary<string, string?> { ["Operations:OperatorToken"] = OperatorToken });
        using var http = new HttpClient { BaseAddress = api.Process.BaseAddress };

        using var answer = await http.SendAsync(ApiCalls.Get("/v1/cluster", OperatorToken));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("embedded", json.GetProperty("mode").GetString());
        Assert.Equal("active", Assert.Single(json.GetProperty("silos").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AShortOperatorTokenStopsTheApiAtStartUp()
    {
        var data = Directory.CreateTempSubdirectory("orleansbackend-short-token-");
        try
        {
            await using var api = BackendProcess.Start("api (short token)", BackendExecutables.Api, new Dictionary<string, string?>
            {
                ["Operations:OperatorToken"] = "short",
                ["ConnectionStrings:orleans"] = $"Data Source={Path.Combine(data.FullName, "orleansbackend.db")}",
            }, data.FullName);

            await Eventually.True(() => api.HasExited, "the Api refuses to start", TimeSpan.FromSeconds(60));
            Assert.Contains(api.Output, l => l.Contains("Operations:OperatorToken must be at least 16 characters", StringComparison.Ordinal));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
