using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>/openapi/v1.json covers the operations routes, and /docs renders it in a real browser.</summary>
public sealed class DocsBrowserTests
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesTheOperationsRoutes()
    {
        await using var factory = new ApiFactory();
        var client = new ApiClient(factory.CreateClient());

        var document = (await client.GetAsync("/openapi/v1.json")).Json;

        var paths = document.GetProperty("paths");
        var cluster = paths.GetProperty("/v1/cluster").GetProperty("get");
        Assert.True(cluster.GetProperty("responses").TryGetProperty("200", out var ok));
        Assert.Contains("ClusterResponse", ok.ToString());
        Assert.True(cluster.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(cluster.GetProperty("responses").TryGetProperty("403", out _));
        Assert.Contains("OperatorToken", cluster.GetProperty("security").ToString());
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("OperatorToken", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("SiloResponse", out _));
        Assert.Contains("text/plain", paths.GetProperty("/metrics").GetProperty("get").GetProperty("responses").GetProperty("200").ToString());
        Assert.Contains("text/html", paths.GetProperty("/dashboard").GetProperty("get").GetProperty("responses").GetProperty("200").ToString());
        foreach (var path in new[] { "/health/live", "/health/ready", "/dashboard/dashboard.js" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing");
        }
    }

    [Fact]
    public async Task TheDocsUiRendersEveryOperationInHeadlessChromium()
    {
        await using var factory = new ApiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var operations = (await new ApiClient(factory.CreateClient()).GetAsync("/openapi/v1.json")).Json.GetProperty("paths")
            .EnumerateObject().Sum(p => p.Value.EnumerateObject().Count());
        await using var browser = await HeadlessChromium.LaunchAsync();

        await browser.NavigateAsync($"{address}/docs/index.html");

        await browser.WaitUntilAsync(
            $"document.querySelectorAll('.swagger-ui .opblock').length === {operations} && document.querySelector('.swagger-ui .info .title').textContent.includes('OrleansBackend API')",
            $"Swagger UI shows all {operations} operations of the document",
            TimeSpan.FromSeconds(60));
        var summaries = (await browser.EvaluateAsync("[...document.querySelectorAll('.opblock-summary-path')].map(e => e.textContent).join(' ')")).GetString()!;
        Assert.Contains("/v1/cluster", summaries);
        Assert.Contains("/v1/transfers", summaries);
        var png = PngImage.Decode(await browser.ScreenshotAsync());
        Assert.True(png.DistinctColours() > 50, "the docs page is not blank");
        Assert.Empty(browser.Errors);
    }
}
