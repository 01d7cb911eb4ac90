using System.Net.Http.Json;
using System.Text.Json;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>/openapi/v1.json documents the operations routes, and /docs renders the whole document in a real browser.</summary>
[Collection(ProcessTests.Name)]
public sealed class DocsBrowserTests
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesTheOperationsRoutesAndTheDocsUiRendersEveryOperation()
    {
        await using var api = await EmbeddedApi.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Process.BaseAddress };
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        var cluster = paths.GetProperty("/v1/cluster").GetProperty("get");
        Assert.Contains("ClusterResponse", cluster.GetProperty("responses").GetProperty("200").ToString());
        Assert.True(cluster.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(cluster.GetProperty("responses").TryGetProperty("403", out _));
        Assert.Contains("OperatorToken", cluster.GetProperty("security").ToString());
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("OperatorToken", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("SiloResponse", out _));
        Assert.Contains("text/plain", paths.GetProperty("/metrics").GetProperty("get").GetProperty("responses").GetProperty("200").ToString());
        Assert.True(paths.GetProperty("/health/ready").GetProperty("get").GetProperty("responses").TryGetProperty("503", out _));
        Assert.True(paths.TryGetProperty("/health/live", out _));
        var operations = paths.EnumerateObject().Sum(p => p.Value.EnumerateObject().Count(o => o.Name is "get" or "post" or "put" or "delete" or "patch"));

        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(api.Process.BaseAddress, "docs/index.html").ToString());

        await browser.WaitUntilAsync(
            $"document.querySelectorAll('.swagger-ui .opblock').length === {operations} && document.querySelector('.swagger-ui .info .title').textContent.includes('OrleansBackend API')",
            $"Swagger UI shows all {operations} operations of the document",
            TimeSpan.FromSeconds(60));
        var summaries = (await browser.EvaluateAsync("[...document.querySelectorAll('.opblock-summary-path')].map(e => e.textContent).join(' ')")).GetString()!;
        Assert.Contains("/v1/cluster", summaries);
        Assert.Contains("/metrics", summaries);
        Assert.True(PngImage.Decode(await browser.ScreenshotAsync()).DistinctColours() > 50, "the docs page is not blank");
        Assert.Empty(browser.Errors);
        Assert.Empty(browser.FailedResponses);
    }
}
