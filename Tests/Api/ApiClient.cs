using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrleansBackend.Tests.Api;

/// <summary>A signed-in test user.</summary>
public sealed record TestUser(string Id, string Email, string Password, string Token, string SessionId);

/// <summary>An answer: status, headers and the body parsed as JSON (null when empty or not JSON).</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseHeaders Headers, string? ContentType, string Body, string Allow = "")
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Code => Json.TryGetProperty("code", out var code) ? code.GetString() : null;

    public string Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    public string Id => Json.GetProperty("id").GetString()!;

    public override string ToString() => $"{(int)Status} {Body}";
}

/// <summary>Calls the Api like a client would.</summary>
public sealed class ApiClient
{
    private static int _counter;

    public ApiClient(HttpClient http)
    {
        Http = http;
    }

    public HttpClient Http { get; }

    public static string UniqueEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    public static string NewKey() => Guid.NewGuid().ToString("N");

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? token = null, string? json = null, string? idempotencyKey = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, body, string.Join(",", response.Content.Headers.Allow));
    }

    public Task<ApiResponse> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token);

    public Task<ApiResponse> PostAsync(string path, string json, string? token = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, token, json, idempotencyKey);

    public Task<ApiResponse> DeleteAsync(string path, string? token = null) => SendAsync(HttpMethod.Delete, path, token);

    public Task<ApiResponse> RegisterAsync(string email, string password, string? displayName = null) =>
        PostAsync("/v1/users", JsonSerializer.Serialize(new Dictionary<string, string?> { ["email"] = email, ["password"] = password, ["displayName"] = displayName }));

    public Task<ApiResponse> LoginAsync(string email, string password) =>
        PostAsync("/v1/sessions", JsonSerializer.Serialize(new { email, password }));

    /// <summary>Registers and signs in a new user (two password hashes: use sparingly).</summary>
    public async Task<TestUser> NewUserAsync(string name)
    {
        var email = UniqueEmail(name);
        var password = $"pw-{name}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}";
        var registered = await RegisterAsync(email, password, name);
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        var session = await LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.Created, session.Status);
        return new TestUser(registered.Id, email, password, session.Json.GetProperty("token").GetString()!, session.Json.GetProperty("sessionId").GetString()!);
    }

    public async Task<string> OpenAccountAsync(TestUser user, string currency = "EUR")
    {
        var response = await PostAsync("/v1/accounts", $$"""{"currency":"{{currency}}"}""", user.Token);
        Assert.Equal(HttpStatusCode.Created, response.Status);
        return response.Id;
    }

    public Task<ApiResponse> DepositAsync(TestUser user, string accountId, long amount, string? key = null) =>
        PostAsync($"/v1/accounts/{accountId}/deposits", $$"""{"amount":{{amount}}}""", user.Token, key ?? NewKey());

    public Task<ApiResponse> WithdrawAsync(TestUser user, string accountId, long amount, string? key = null) =>
        PostAsync($"/v1/accounts/{accountId}/withdrawals", $$"""{"amount":{{amount}}}""", user.Token, key ?? NewKey());

    public Task<ApiResponse> TransferAsync(TestUser user, string from, string to, long amount, string? key = null, string? reference = null) =>
        PostAsync(
            "/v1/transfers",
            JsonSerializer.Serialize(new Dictionary<string, object?> { ["fromAccountId"] = from, ["toAccountId"] = to, ["amount"] = amount, ["reference"] = reference }),
            user.Token,
            key ?? NewKey());

    public async Task<long> BalanceAsync(TestUser user, string accountId)
    {
        var response = await GetAsync($"/v1/accounts/{accountId}", user.Token);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json.GetProperty("balance").GetInt64();
    }

    /// <summary>Every entry of an account, newest first, through the paged endpoint.</summary>
    public async Task<List<JsonElement>> AllEntriesAsync(TestUser user, string accountId, int pageSize = 200)
    {
        var entries = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var path = $"/v1/accounts/{accountId}/transactions?limit={pageSize}" + (cursor is null ? string.Empty : $"&before={cursor}");
            var page = await GetAsync(path, user.Token);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            entries.AddRange(page.Json.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            var next = page.Json.GetProperty("next");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);
        return entries;
    }
}
