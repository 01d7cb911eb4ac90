using System.Net;

namespace OrleansBackend.Tests.Api;

/// <summary>No response and no log line ever carries a password or a token.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecretLeakTests
{
    private readonly ApiFixture _fixture;

    public SecretLeakTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task PasswordsAndTokensNeverAppearInResponsesOrLogs()
    {
        var client = _fixture.Client;
        var email = ApiClient.UniqueEmail("secret");
        var password = $"Sup3r-Secret-{Guid.NewGuid():N}";
        var wrongPassword = $"Wr0ng-Secret-{Guid.NewGuid():N}";
        var responses = new List<ApiResponse>
        {
            await client.RegisterAsync(email, password, "Secretive"),
            await client.RegisterAsync(email, password),
            await client.RegisterAsync(ApiClient.UniqueEmail("short"), "short-" + wrongPassword[..3]),
            await client.LoginAsync(email, wrongPassword),
            await client.LoginAsync(ApiClient.UniqueEmail("unknown"), wrongPassword),
        };
        var login = await client.LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.Created, login.Status);
        var token = login.Json.GetProperty("token").GetString()!;
        var secret = token[(token.IndexOf('.') + 1)..];
        responses.Add(await client.GetAsync("/v1/users/me", token));
        responses.Add(await client.GetAsync("/v1/sessions", token));
        responses.Add(await client.GetAsync("/v1/users/me", token + "x"));
        responses.Add(await client.DeleteAsync("/v1/sessions/current", token));
        responses.Add(await client.GetAsync("/v1/users/me", token));

        Assert.All(responses, r =>
        {
            Assert.DoesNotContain(password, r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongPassword, r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, r.Body, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(password, login.Body, StringComparison.Ordinal);
        var logs = _fixture.Factory.Logs.Lines.ToArray();
        Assert.NotEmpty(logs);
        Assert.All(logs, line =>
        {
            Assert.DoesNotContain(password, line, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongPassword, line, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        });
    }
}
