using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrleansBackend.Bench.Load;

/// <summary>
/// The HTTP calls of api.md the benchmarks make, over one keep-alive connection pool per target (SocketsHttpHandler),
/// so a load run measures the server and not connection set-up.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient _http;

    public ApiClient(Uri target, int maxConnections, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        _http = new HttpClient(handler) { BaseAddress = target, Timeout = timeout };
        Target = target;
    }

    public Uri Target { get; }

    /// <summary>Sends one request and reads the whole answer (status and body; the body is parsed only on demand).</summary>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? token, string? jsonBody, string? idempotencyKey, CancellationToken cancellationToken)
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

        if (jsonBody is not null)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(jsonBody));
            content.Headers.ContentType = JsonType;
            request.Content = content;
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new ApiAnswer((int)response.StatusCode, body);
    }

    public Task<ApiAnswer> RegisterAsync(string email, string password, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/v1/users", null, Json.Object(("email", email), ("password", password)), null, cancellationToken);

    public async Task<string> LoginAsync(string email, string password, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, "/v1/sessions", null, Json.Object(("email", email), ("password", password)), null, cancellationToken);
        return answer.Expect(201, "login").GetString("token");
    }

    public async Task<string> OpenAccountAsync(string token, string currency, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, "/v1/accounts", token, Json.Object(("currency", currency)), null, cancellationToken);
        return answer.Expect(201, "open account").GetString("id");
    }

    public Task<ApiAnswer> GetAccountAsync(string token, string accountId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/v1/accounts/" + accountId, token, null, null, cancellationToken);

    public Task<ApiAnswer> DepositAsync(string token, string accountId, long amount, string key, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/v1/accounts/{accountId}/deposits", token, $"{{\"amount\":{amount}}}", key, cancellationToken);

    public Task<ApiAnswer> TransferAsync(string token, string from, string to, long amount, string key, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/v1/transfers", token, $"{{\"fromAccountId\":\"{from}\",\"toAccountId\":\"{to}\",\"amount\":{amount}}}", key, cancellationToken);

    public Task<ApiAnswer> TransactionsAsync(string token, string accountId, string? before, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"/v1/accounts/{accountId}/transactions?limit=200" + (before is null ? string.Empty : "&before=" + Uri.EscapeDataString(before)), token, null, null, cancellationToken);

    public void Dispose() => _http.Dispose();
}

/// <summary>An HTTP answer: its status and raw body.</summary>
public readonly record struct ApiAnswer(int Status, byte[] Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public ApiAnswer Expect(int status, string what) => Status == status
        ? this
        : throw new InvalidOperationException($"{what}: expected {status}, got {Status}: {Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300))}");

    public string GetString(string property)
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.GetProperty(property).GetString() ?? throw new InvalidOperationException($"{property} is null");
    }

    public long GetInt64(string property)
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.GetProperty(property).GetInt64();
    }
}
