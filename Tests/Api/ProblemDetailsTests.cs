using System.Net;
using System.Text;

namespace OrleansBackend.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ProblemDetailsTests
{
    private readonly ApiFixture _fixture;

    public ProblemDetailsTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private ApiClient Client => _fixture.Client;

    [Fact]
    public async Task AnUnknownRouteIsAProblem404()
    {
        var response = await Client.GetAsync("/v1/nothing/here");

        AssertProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AWrongMethodIsAProblem405WithAllow()
    {
        var response = await Client.SendAsync(HttpMethod.Put, "/v1/users", json: "{}");

        AssertProblem(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("POST", response.Allow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyOver64KiBIsAProblem413()
    {
        var big = $$"""{"email":"a@example.com","password":"{{new string('x', 70_000)}}"}""";
        var declared = await Client.PostAsync("/v1/users", big);

        AssertProblem(declared, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        // Without a Content-Length (chunked), the limit holds while reading.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users")
        {
            Content = new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes(big))),
        };
        request.Content.Headers.ContentType = new("application/json");
        using var chunked = await Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal("application/problem+json", chunked.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/xml")]
    public async Task ANonJsonContentTypeIsAProblem415(string contentType)
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/v1/users", json: """{"email":"a@example.com","password":"0123456789"}""", contentType: contentType);

        AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task MalformedJsonIsAProblem400()
    {
        var response = await Client.PostAsync("/v1/users", """{"email": "a@example.com", """);

        AssertProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task HealthProbesAnswer()
    {
        var live = await Client.GetAsync("/health/live");
        var ready = await Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("ready", ready.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryRoute()
    {
        var response = await Client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var paths = response.Json.GetProperty("paths");
        var expected = new (string Path, string Method)[]
        {
            ("/v1/users", "post"), ("/v1/users/me", "get"), ("/v1/sessions", "post"), ("/v1/sessions", "get"),
            ("/v1/sessions/current", "delete"), ("/v1/sessions/{sessionId}", "delete"), ("/v1/accounts", "post"),
            ("/v1/accounts/{accountId}", "get"), ("/v1/accounts/{accountId}/deposits", "post"), ("/v1/accounts/{accountId}/withdrawals", "post"),
            ("/v1/transfers", "post"), ("/v1/transfers/{transferId}", "get"), ("/v1/accounts/{accountId}/transactions", "get"),
            ("/health/live", "get"), ("/health/ready", "get"),
        };
        foreach (var (path, method) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is missing");
            Assert.True(operation.GetProperty("responses").EnumerateObject().Any(), $"{method} {path} has no responses");
        }

        var deposit = paths.GetProperty("/v1/accounts/{accountId}/deposits").GetProperty("post");
        Assert.Contains(deposit.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(deposit.GetProperty("responses").TryGetProperty("422", out _));
        Assert.True(deposit.TryGetProperty("security", out _));
        Assert.True(response.Json.GetProperty("components").GetProperty("schemas").TryGetProperty("ApiProblem", out _));
    }

    [Fact]
    public async Task TheDocsUiIsServed()
    {
        using var response = await Client.Http.GetAsync("/docs/index.html");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", html, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertProblem(ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(code, response.Code);
        Assert.Equal((int)status, response.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("detail").GetString()));
    }

    /// <summary>A stream of unknown length, so the client sends the body chunked.</summary>
    private sealed class ChunkedStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
