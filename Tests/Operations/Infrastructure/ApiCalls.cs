using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>A signed-in user of the HTTP API.</summary>
/// <param name="Email">The user's email.</param>
/// <param name="Password">The user's password.</param>
/// <param name="Token">The session's bearer token.</param>
public sealed record ApiUser(string Email, string Password, string Token);

/// <summary>The few HTTP calls the operations tests make (shared/api.md), each asserting its success status.</summary>
public static class ApiCalls
{
    /// <summary>Registers a new user and signs in.</summary>
    public static async Task<ApiUser> RegisterAndLoginAsync(HttpClient http, string name, string? password = null)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        password ??= $"password-{Guid.NewGuid():N}";
        using var registered = await http.PostAsJsonAsync("/v1/users", new { email, password });
        Assert.True(registered.StatusCode == HttpStatusCode.Created, $"POST /v1/users: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        return new ApiUser(email, password, await LoginAsync(http, email, password));
    }

    /// <summary>Signs in and returns the session token.</summary>
    public static async Task<string> LoginAsync(HttpClient http, string email, string password)
    {
        using var session = await http.PostAsJsonAsync("/v1/sessions", new { email, password });
        Assert.True(session.StatusCode == HttpStatusCode.Created, $"POST /v1/sessions: {(int)session.StatusCode} {await session.Content.ReadAsStringAsync()}");
        return (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Opens a EUR account and returns its id.</summary>
    public static async Task<string> OpenAccountAsync(HttpClient http, string token)
    {
        using var request = Post("/v1/accounts", new { currency = "EUR" }, token);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /v1/accounts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Deposits <paramref name="amount"/> minor units with a new idempotency key.</summary>
    public static async Task DepositAsync(HttpClient http, string token, string account, long amount)
    {
        using var request = Post($"/v1/accounts/{account}/deposits", new { amount }, token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"deposit: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A GET with an optional bearer token.</summary>
    public static HttpRequestMessage Get(string path, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>A POST of <paramref name="body"/> as JSON with an optional bearer token.</summary>
    public static HttpRequestMessage Post(string path, object body, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
