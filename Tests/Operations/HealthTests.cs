using System.Net;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> on real processes: ready only while a grain call and a storage read get
/// through, live as long as the process runs.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class HealthTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReadinessFollowsTheDatabaseOnTheSiloAndTheApi()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, apis: 1);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var silo = cluster.Silos[0].BaseAddress;
        var api = cluster.Apis[0].BaseAddress;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, silo, "health/ready"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, api, "health/ready"));

        await cluster.Database.BlockAsync();

        await Eventually.True(async () => await StatusAsync(http, silo, "health/ready") == HttpStatusCode.ServiceUnavailable, "the silo reports its storage gone", Patience);
        await Eventually.True(async () => await StatusAsync(http, api, "health/ready") == HttpStatusCode.ServiceUnavailable, "the Api reports its storage gone", Patience);
        using (var problem = await http.GetAsync(new Uri(api, "health/ready")))
        {
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, silo, "health/live"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, api, "health/live"));

        await cluster.Database.UnblockAsync();

        await Eventually.True(async () => await StatusAsync(http, silo, "health/ready") == HttpStatusCode.OK, "the silo is ready again", Patience);
        await Eventually.True(async () => await StatusAsync(http, api, "health/ready") == HttpStatusCode.OK, "the Api is ready again", Patience);
    }

    [Fact]
    public async Task TheApisReadinessFollowsTheCluster()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, apis: 1);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var api = cluster.Apis[0].BaseAddress;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, api, "health/ready"));

        await cluster.Silos[0].KillAsync();

        await Eventually.True(async () => await StatusAsync(http, api, "health/ready") == HttpStatusCode.ServiceUnavailable, "the Api reports the cluster gone", Patience);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, api, "health/live"));

        await cluster.StartSiloAsync();

        await Eventually.True(async () => await StatusAsync(http, api, "health/ready") == HttpStatusCode.OK, "the Api is ready once a silo is back", Patience);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri process, string path)
    {
        using var response = await http.GetAsync(new Uri(process, path));
        return response.StatusCode;
    }
}
