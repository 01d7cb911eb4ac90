using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// Console logs of real processes, as an operator collects them: with the shipped JSON console formatter every line is
/// one JSON object, and a whole session logged at Trace level — an Api, two silos, a user and an operator — never
/// writes a password, a session token, the operator token or the database password.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class LogSecrecyTests
{
    private const string OperatorToken = "operator-token-that-must-never-be-logged-42";

    private static readonly Dictionary<string, string?> TraceEverything = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Orleans"] = "Trace",
        ["Logging:LogLevel:Polly"] = "Trace",
    };

    [Fact]
    public async Task ATraceLevelSessionLogsJsonLinesWithoutSecrets()
    {
        var apiSettings = new Dictionary<string, string?>(TraceEverything) { ["Operations:OperatorToken"] = OperatorToken };
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, apis: 1, siloSettings: TraceEverything, apiSettings: apiSettings);
        using var http = new HttpClient { BaseAddress = cluster.Apis[0].BaseAddress };
        var password = $"Sup3r-Secret-{Guid.NewGuid():N}";
        var wrongPassword = $"Wr0ng-Secret-{Guid.NewGuid():N}";
        var wrongOperatorToken = $"not-the-operator-token-{Guid.NewGuid():N}";

        var user = await ApiCalls.RegisterAndLoginAsync(http, "secrecy", password);
        using (var wrong = await http.PostAsJsonAsync("/v1/sessions", new { email = user.Email, password = wrongPassword }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var account = await ApiCalls.OpenAccountAsync(http, user.Token);
        await ApiCalls.DepositAsync(http, user.Token, account, 5000);
        using (var transfer = ApiCalls.Post("/v1/transfers", new { fromAccountId = account, toAccountId = "acc_nobody", amount = 100 }, user.Token))
        {
            transfer.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(transfer)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, ApiCalls.Get("/v1/users/me", user.Token + "tampered")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, ApiCalls.Get("/v1/cluster", OperatorToken)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, ApiCalls.Get("/v1/cluster", wrongOperatorToken)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, ApiCalls.Get("/v1/cluster", user.Token)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, ApiCalls.Get("/dashboard/DashboardCounters", OperatorToken)));
        foreach (var token in new[] { OperatorToken, wrongOperatorToken })
        {
            using var signIn = new FormUrlEncodedContent([new("token", token)]);
            (await http.PostAsync("/dashboard/sign-in", signIn)).Dispose();
        }

        using (var logout = new HttpRequestMessage(HttpMethod.Delete, "/v1/sessions/current"))
        {
            logout.Headers.Authorization = new("Bearer", user.Token);
            Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(http, logout));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, ApiCalls.Get("/v1/users/me", user.Token)));

        // Stop the Api and the silos gracefully: their shutdown logs count too.
        var processes = cluster.Apis.Concat(cluster.Silos).ToList();
        foreach (var process in processes)
        {
            await process.StopAsync();
        }

        var tokenSecret = user.Token[(user.Token.IndexOf('.') + 1)..];
        string[] secrets = [password, wrongPassword, user.Token, tokenSecret, OperatorToken, wrongOperatorToken, cluster.Database.Password];
        var lines = processes.SelectMany(p => p.Output.Select(line => (p.Name, Line: line))).ToList();
        Assert.True(lines.Count > 1000, $"a Trace-level session logs plenty ({lines.Count} lines)");
        foreach (var (name, line) in lines)
        {
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"{name} logged a secret: {line}");
            }

            Assert.False(line.StartsWith("stderr: ", StringComparison.Ordinal), $"{name} wrote to stderr: {line}");
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _) && json.RootElement.TryGetProperty("Category", out _), $"{name} wrote a line that is no log entry: {line}");
        }

        // What was logged is the session itself: Trace-level entries of Orleans and ASP.NET Core from every process.
        Assert.All(processes, p => Assert.Contains(p.Output, l => l.Contains("\"LogLevel\":\"Trace\"", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Name.StartsWith("silo", StringComparison.Ordinal) && l.Line.Contains("\"Category\":\"Orleans.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Name.StartsWith("api", StringComparison.Ordinal) && l.Line.Contains("/v1/sessions", StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
    }
}
