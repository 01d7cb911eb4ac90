using System.Net.Http.Headers;
using System.Text.Json;

namespace OrleansBackend.Bench.ScaleOut;

/// <summary>Reads <c>GET /v1/cluster</c> with the operator token: each silo's name, status and activation count.</summary>
public sealed class ClusterView(Uri api, string operatorToken) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<IReadOnlyList<(string Name, string Status, long Activations)>> SilosAsync(CancellationToken cancellationToken)
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
                s.TryGetProperty("activationCount", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt64() : -1))
            .ToList();
    }

    public void Dispose() => _http.Dispose();
}
