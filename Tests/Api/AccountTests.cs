using System.Net;

namespace OrleansBackend.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AccountTests
{
    private readonly ApiFixture _fixture;

    public AccountTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private ApiClient Client => _fixture.Client;

    [Fact]
    public async Task OpenAnswers201WithAZeroBalanceAndLocation()
    {
        var alice = _fixture.Alice;
        var response = await Client.PostAsync("/v1/accounts", """{"currency":"USD"}""", alice.Token);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.StartsWith("acc_", response.Id, StringComparison.Ordinal);
        Assert.Equal($"/v1/accounts/{response.Id}", response.Headers.Location?.ToString());
        Assert.Equal(alice.Id, response.Json.GetProperty("ownerId").GetString());
        Assert.Equal("USD", response.Json.GetProperty("currency").GetString());
        Assert.Equal(0, response.Json.GetProperty("balance").GetInt64());
        Assert.True(response.Json.TryGetProperty("version", out _));
        Assert.True(response.Json.TryGetProperty("createdAt", out _));

        var read = await Client.GetAsync($"/v1/accounts/{response.Id}", alice.Token);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(response.Body, read.Body);
    }

    [Theory]
    [InlineData("""{"currency":"usd"}""")]
    [InlineData("""{"currency":"XXX"}""")]
    [InlineData("""{"currency":"EURO"}""")]
    [InlineData("""{"currency":840}""")]
    [InlineData("""{"currency":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"currency":"EUR","balance":1000}""")]
    public async Task OpenRejectsInvalidCurrencies(string body)
    {
        var response = await Client.PostAsync("/v1/accounts", body, _fixture.Alice.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation_failed", response.Code);
        Assert.True(response.Json.TryGetProperty("errors", out _));
    }

    [Theory]
    [InlineData("EUR")]
    [InlineData("JPY")]
    [InlineData("CHF")]
    [InlineData("SEK")]
    public async Task BuiltInCurrenciesOpen(string currency)
    {
        Assert.StartsWith("acc_", await Client.OpenAccountAsync(_fixture.Bob, currency), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountsOfOthersAndUnknownOnesAreNotFoundAlike()
    {
        var bobs = await Client.OpenAccountAsync(_fixture.Bob);

        var others = await Client.GetAsync($"/v1/accounts/{bobs}", _fixture.Alice.Token);
        var unknown = await Client.GetAsync("/v1/accounts/acc_aaaaaaaaaaaaaaaaaaaaaaaaaa", _fixture.Alice.Token);
        var malformed = await Client.GetAsync("/v1/accounts/not-an-id", _fixture.Alice.Token);

        Assert.Equal(HttpStatusCode.NotFound, others.Status);
        Assert.Equal("not_found", others.Code);
        Assert.Equal(others.Body, unknown.Body);
        Assert.Equal(others.Body, malformed.Body);
    }

    [Fact]
    public async Task AccountRoutesNeedAToken()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.PostAsync("/v1/accounts", """{"currency":"EUR"}""")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/v1/accounts/acc_aaaaaaaaaaaaaaaaaaaaaaaaaa")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.PostAsync("/v1/accounts/acc_aaaaaaaaaaaaaaaaaaaaaaaaaa/deposits", """{"amount":1}""", null, "k")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/v1/accounts/acc_aaaaaaaaaaaaaaaaaaaaaaaaaa/transactions")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.PostAsync("/v1/transfers", "{}", null, "k")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/v1/transfers/trf_aaaaaaaaaaaaaaaaaaaaaaaaaa")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/v1/sessions")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.DeleteAsync("/v1/sessions/current")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.DeleteAsync($"/v1/sessions/{_fixture.Alice.SessionId}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync($"/v1/users/{_fixture.Alice.Id}")).Status);
    }
}
