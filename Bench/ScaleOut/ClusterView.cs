using System.Net.Http.Headers;
using System.Text.Json;

namespace OrleansBackend.Bench.ScaleOut;

/// <summary>
/// Reads <c>GET /v1/cluster</c> with the operator token: each silo's name, status and activation count; and, from
/// <see cref="AccountCensus"/>, its activations of account grains (long-lived grains that keep receiving traffic,
/// unlike one-shot idempotency keys).
/// </summary>
public sealed class ClusterView(Uri api, string operatorToken, AccountCensus census) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<IReadOnlyList<(string Name, string Status, long Activations, long Accounts)>> SilosAsync(CancellationToken cancellationToken)
    {
        var accounts = await census.AccountsBySiloAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/cluster");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return document.RootElement.GetProperty("silos").EnumerateArray()
            .Select(s => (
                s.GetProperty("name").GetString() ?? "?",
                s.GetProperty("status").GetString() ?? "?",
                s.TryGetProperty("activationCount", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt64() : -1,
                accounts.GetValueOrDefault(s.GetProperty("address").GetString() ?? string.Empty)))
            .ToList();
    }

    public void Dispose() => _http.Dispose();
}
