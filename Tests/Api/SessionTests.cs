using System.Net;

namespace OrleansBackend.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class SessionTests
{
    private readonly ApiFixture _fixture;

    public SessionTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private ApiClient Client => _fixture.Client;

    [Fact]
    public async Task LoginAnswersATokenWithAtLeast256BitsOfRandomness()
    {
        var alice = _fixture.Alice;
        var response = await Client.LoginAsync(alice.Email.ToUpperInvariant(), alice.Password);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var token = response.Json.GetProperty("token").GetString()!;
        var sessionId = response.Json.GetProperty("sessionId").GetString()!;
        Assert.StartsWith("ses_", sessionId, StringComparison.Ordinal);
        Assert.StartsWith(sessionId + ".", token, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(token[(sessionId.Length + 1)..].Replace('-', '+').Replace('_', '/') + "=").Length >= 32);
        Assert.Equal(alice.Id, response.Json.GetProperty("userId").GetString());
        Assert.True(response.Json.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v1/users/me", token)).Status);
    }

    [Fact]
    public async Task UnknownEmailAndWrongPasswordGetTheSameAnswer()
    {
        var wrongPassword = await Client.LoginAsync(_fixture.Bob.Email, "definitely not it");
        var unknownEmail = await Client.LoginAsync(ApiClient.UniqueEmail("nobody"), "definitely not it");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.Status);
        Assert.Equal("invalid_credentials", wrongPassword.Code);
        Assert.Equal(wrongPassword.Status, unknownEmail.Status);
        Assert.Equal(wrongPassword.Body, unknownEmail.Body);
    }

    [Theory]
    [InlineData("""{"email":"x@example.com"}""", "password")]
    [InlineData("""{"password":"x"}""", "email")]
    [InlineData("""{"email":7,"password":"x"}""", "email")]
    public async Task LoginValidatesItsFields(string body, string field)
    {
        var response = await Client.PostAsync("/v1/sessions", body);

        Assert.Equal("validation_failed", response.Code);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task SessionsListsTheActiveSessionsAndMarksTheCurrentOne()
    {
        var bob = _fixture.Bob;
        var second = await Client.LoginAsync(bob.Email, bob.Password);
        var secondId = second.Json.GetProperty("sessionId").GetString()!;

        var list = await Client.GetAsync("/v1/sessions", bob.Token);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        var items = list.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, s => s.GetProperty("sessionId").GetString() == bob.SessionId && s.GetProperty("current").GetBoolean());
        Assert.Contains(items, s => s.GetProperty("sessionId").GetString() == secondId && !s.GetProperty("current").GetBoolean());
        Assert.All(items, s => Assert.True(s.TryGetProperty("lastSeenAt", out _) && s.TryGetProperty("expiresAt", out _) && s.TryGetProperty("createdAt", out _)));

        // Ending the second one from the first removes it from the list and kills its token at once.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/v1/sessions/{secondId}", bob.Token)).Status);
        var after = await Client.GetAsync("/v1/sessions", bob.Token);
        Assert.DoesNotContain(after.Json.GetProperty("items").EnumerateArray(), s => s.GetProperty("sessionId").GetString() == secondId);
        var dead = await Client.GetAsync("/v1/users/me", second.Json.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, dead.Status);
        Assert.Equal("unauthorized", dead.Code);
    }

    [Fact]
    public async Task DeleteCurrentKillsTheTokenAtOnce()
    {
        var carol = _fixture.Carol;
        var login = await Client.LoginAsync(carol.Email, carol.Password);
        var token = login.Json.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v1/users/me", token)).Status);

        var deleted = await Client.DeleteAsync("/v1/sessions/current", token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        var after = await Client.GetAsync("/v1/users/me", token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Contains("invalid_token", after.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.DeleteAsync("/v1/sessions/current", token)).Status);
    }

    [Fact]
    public async Task AnotherUsersSessionIsNotFoundAndStaysAlive()
    {
        var alice = _fixture.Alice;
        var bob = _fixture.Bob;

        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/v1/sessions/{bob.SessionId}", alice.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/sessions/{bob.SessionId}", alice.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync("/v1/sessions/ses_doesnotexistdoesnotexist12", alice.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync("/v1/sessions/whatever", alice.Token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v1/users/me", bob.Token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/v1/sessions/{bob.SessionId}", bob.Token)).Status);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ses_aaaaaaaaaaaaaaaaaaaaaaaaaa.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer ses_aaaaaaaaaaaaaaaaaaaaaaaaaa.!!!!")]
    public async Task MalformedOrUnknownTokensAre401(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task ATamperedSecretOfARealSessionIs401()
    {
        var bob = _fixture.Bob;
        var secret = bob.Token[(bob.SessionId.Length + 1)..];
        var tampered = $"{bob.SessionId}.{(secret[0] == 'A' ? 'B' : 'A')}{secret[1..]}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/v1/users/me", tampered)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v1/users/me", bob.Token)).Status);
    }
}
