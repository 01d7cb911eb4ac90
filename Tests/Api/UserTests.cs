using System.Net;

namespace OrleansBackend.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class UserTests
{
    private readonly ApiFixture _fixture;

    public UserTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private ApiClient Client => _fixture.Client;

    [Fact]
    public async Task RegisterAnswers201WithTheProfileAndLocation()
    {
        var email = "  " + ApiClient.UniqueEmail("Dora").Replace("dora", "Dora", StringComparison.Ordinal) + " ";
        var response = await Client.RegisterAsync(email, "a long enough password", "Dora");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.StartsWith("usr_", response.Id, StringComparison.Ordinal);
        Assert.Equal($"/v1/users/{response.Id}", response.Headers.Location?.ToString());
        Assert.Equal(email.Trim(), response.Json.GetProperty("email").GetString());
        Assert.Equal("Dora", response.Json.GetProperty("displayName").GetString());
        Assert.True(response.Json.TryGetProperty("createdAt", out _));
        Assert.False(response.Body.Contains("password", StringComparison.OrdinalIgnoreCase));

        // The same address, differently cased and padded, is taken.
        var again = await Client.RegisterAsync(email.Trim().ToUpperInvariant() + "  ", "another long password");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("email_taken", again.Code);
        Assert.Equal("application/problem+json", again.ContentType);
    }

    [Theory]
    [InlineData("""{"email":"not-an-address","password":"long enough pw"}""", "email")]
    [InlineData("""{"email":"a@b","password":"long enough pw"}""", "email")]
    [InlineData("""{"email":"Bob <bob@example.com>","password":"long enough pw"}""", "email")]
    [InlineData("""{"password":"long enough pw"}""", "email")]
    [InlineData("""{"email":"x@example.com","password":"short"}""", "password")]
    [InlineData("""{"email":"x@example.com"}""", "password")]
    [InlineData("""{"email":"x@example.com","password":12345678901}""", "password")]
    [InlineData("""{"email":"x@example.com","password":"long enough pw","displayName":"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789X"}""", "displayName")]
    [InlineData("""{"email":"x@example.com","password":"long enough pw","role":"admin"}""", "role")]
    public async Task RegisterRejectsInvalidFieldsWithFieldMessages(string body, string field)
    {
        var response = await Client.PostAsync("/v1/users", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation_failed", response.Code);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out var messages), response.Body);
        Assert.True(messages.GetArrayLength() > 0);
    }

    [Fact]
    public async Task PasswordLengthLimitsAre10To256Characters()
    {
        var tooLong = await Client.RegisterAsync(ApiClient.UniqueEmail("long"), new string('p', 257));
        Assert.Equal("validation_failed", tooLong.Code);
        var nine = await Client.RegisterAsync(ApiClient.UniqueEmail("nine"), new string('p', 9));
        Assert.Equal("validation_failed", nine.Code);
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfOneAddressCreateExactlyOneUser()
    {
        var email = ApiClient.UniqueEmail("race");
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Client.RegisterAsync(i % 2 == 0 ? email : email.ToUpperInvariant(), $"password number {i}")));

        Assert.Equal(1, responses.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal("email_taken", r.Code));
    }

    [Fact]
    public async Task MeShowsTheProfileAndTheAccounts()
    {
        var user = _fixture.Carol;
        var accountId = await Client.OpenAccountAsync(user, "GBP");

        var me = await Client.GetAsync("/v1/users/me", user.Token);

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(user.Id, me.Id);
        Assert.Equal(user.Email, me.Json.GetProperty("email").GetString());
        Assert.Equal("carol", me.Json.GetProperty("displayName").GetString());
        Assert.Contains(accountId, me.Json.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));

        var byId = await Client.GetAsync($"/v1/users/{user.Id}", user.Token);
        Assert.Equal(me.Body, byId.Body);
    }

    [Fact]
    public async Task AnotherUsersProfileIsNotFound()
    {
        var response = await Client.GetAsync($"/v1/users/{_fixture.Bob.Id}", _fixture.Alice.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("not_found", response.Code);
    }

    [Fact]
    public async Task MeWithoutATokenIs401WithTheBearerChallenge()
    {
        var response = await Client.GetAsync("/v1/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("unauthorized", response.Code);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }
}
