using System.Net.Http.Headers;
using System.Text.Json;

namespace OrleansBackend.Bench.ScaleOut;

/// <summary>
/// Reads <c>GET /v1/cluster</c> with the operator token: each silo's name, status, activation count, and its
/// activations of account grains (long-lived grains that keep receiving traffic, unlike one-shot idempotency keys).
/// </summary>
public sealed class ClusterView(Uri api, string operatorToken) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<IReadOnlyList<(string Name, string Status, long Activations, long Accounts)>> SilosAsync(CancellationToken cancellationToken)
    {
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
                Accounts(s)))
            .ToList();
    }

    private static long Accounts(JsonElement silo)
    {
        if (!silo.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object
            || !metrics.TryGetProperty("activationsByType", out var byType) || byType.ValueKind != JsonValueKind.Object)
        {
            return -1;
        }

        return byType.EnumerateObject()
            .Where(t => t.Name.Equals("account", StringComparison.OrdinalIgnoreCase) || t.Name.EndsWith(".AccountGrain", StringComparison.Ordinal))
            .Sum(t => t.Value.GetInt64());
    }

    public void Dispose() => _http.Dispose();
}
