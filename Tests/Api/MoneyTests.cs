using System.Net;

namespace OrleansBackend.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class MoneyTests
{
    private readonly ApiFixture _fixture;

    public MoneyTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private ApiClient Client => _fixture.Client;

    [Fact]
    public async Task DepositAndWithdrawalAnswer201Entries()
    {
        var alice = _fixture.Alice;
        var account = await Client.OpenAccountAsync(alice);

        var deposit = await Client.PostAsync($"/v1/accounts/{account}/deposits", """{"amount":1250,"reference":"salary"}""", alice.Token, ApiClient.NewKey());
        var withdrawal = await Client.WithdrawAsync(alice, account, 250);

        Assert.Equal(HttpStatusCode.Created, deposit.Status);
        Assert.StartsWith("ent_", deposit.Json.GetProperty("entryId").GetString(), StringComparison.Ordinal);
        Assert.Equal(account, deposit.Json.GetProperty("accountId").GetString());
        Assert.Equal("deposit", deposit.Json.GetProperty("kind").GetString());
        Assert.Equal(1250, deposit.Json.GetProperty("amount").GetInt64());
        Assert.Equal(1250, deposit.Json.GetProperty("balanceAfter").GetInt64());
        Assert.Equal("salary", deposit.Json.GetProperty("reference").GetString());
        Assert.False(deposit.Json.TryGetProperty("transferId", out _));
        Assert.Equal(HttpStatusCode.Created, withdrawal.Status);
        Assert.Equal("withdrawal", withdrawal.Json.GetProperty("kind").GetString());
        Assert.Equal(1000, withdrawal.Json.GetProperty("balanceAfter").GetInt64());

        var read = await Client.GetAsync($"/v1/accounts/{account}", alice.Token);
        Assert.Equal(1000, read.Json.GetProperty("balance").GetInt64());
        Assert.Equal(3, read.Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task WithdrawingMoreThanTheBalanceIsInsufficientFundsAndReplaysAsSuch()
    {
        var alice = _fixture.Alice;
        var account = await Client.OpenAccountAsync(alice);
        await Client.DepositAsync(alice, account, 100);
        var key = ApiClient.NewKey();

        var refused = await Client.WithdrawAsync(alice, account, 101, key);
        await Client.DepositAsync(alice, account, 1000);
        var replay = await Client.WithdrawAsync(alice, account, 101, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("insufficient_funds", refused.Code);
        Assert.Equal(refused.Status, replay.Status);
        Assert.Equal(refused.Body, replay.Body);
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Equal(1100, await Client.BalanceAsync(alice, account));
    }

    [Fact]
    public async Task AMissingIdempotencyKeyIs400IdempotencyKeyRequired()
    {
        var account = await Client.OpenAccountAsync(_fixture.Alice);
        foreach (var route in new[] { $"/v1/accounts/{account}/deposits", $"/v1/accounts/{account}/withdrawals", "/v1/transfers" })
        {
            var response = await Client.PostAsync(route, """{"amount":1}""", _fixture.Alice.Token);
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("idempotency_key_required", response.Code);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("ключ")]
    [InlineData("tab\tinside")]
    public async Task AMalformedIdempotencyKeyIsRejected(string key)
    {
        var account = await Client.OpenAccountAsync(_fixture.Alice);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/accounts/{account}/deposits");
        request.Headers.Authorization = new("Bearer", _fixture.Alice.Token);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        request.Content = new StringContent("""{"amount":1}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await Client.BalanceAsync(_fixture.Alice, account));
    }

    [Fact]
    public async Task AKeyOf255CharactersIsAcceptedAnd256IsNot()
    {
        var account = await Client.OpenAccountAsync(_fixture.Alice);

        Assert.Equal(HttpStatusCode.Created, (await Client.DepositAsync(_fixture.Alice, account, 5, new string('k', 255) + "")).Status);
        var tooLong = await Client.DepositAsync(_fixture.Alice, account, 5, new string('k', 256));
        Assert.Equal("validation_failed", tooLong.Code);
    }

    [Theory]
    [InlineData("""{"amount":12.0}""")]
    [InlineData("""{"amount":12.5}""")]
    [InlineData("""{"amount":1e3}""")]
    [InlineData("""{"amount":"12"}""")]
    [InlineData("""{"amount":0}""")]
    [InlineData("""{"amount":-0}""")]
    [InlineData("""{"amount":-5}""")]
    [InlineData("""{"amount":1000000000001}""")]
    [InlineData("""{"amount":99999999999999999999999}""")]
    [InlineData("""{"amount":null}""")]
    [InlineData("""{"amount":true}""")]
    [InlineData("""{"amount":[1]}""")]
    [InlineData("""{}""")]
    public async Task AmountsMustBePositiveJsonIntegersUpToOneTrillion(string body)
    {
        var account = await Client.OpenAccountAsync(_fixture.Alice);
        foreach (var route in new[] { "deposits", "withdrawals" })
        {
            var response = await Client.PostAsync($"/v1/accounts/{account}/{route}", body, _fixture.Alice.Token, ApiClient.NewKey());

            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("validation_failed", response.Code);
            Assert.True(response.Json.GetProperty("errors").TryGetProperty("amount", out _), response.Body);
        }
    }

    [Fact]
    public async Task TheLargestAmountIsAccepted()
    {
        var account = await Client.OpenAccountAsync(_fixture.Alice);

        var response = await Client.DepositAsync(_fixture.Alice, account, 1_000_000_000_000);

        Assert.Equal(HttpStatusCode.Created, response.Status);
    }

    [Fact]
    public async Task ReferencesAreLimitedTo140Characters()
    {
        var account = await Client.OpenAccountAsync(_fixture.Alice);
        var ok = await Client.PostAsync($"/v1/accounts/{account}/deposits", $$"""{"amount":1,"reference":"{{new string('r', 140)}}"}""", _fixture.Alice.Token, ApiClient.NewKey());
        var tooLong = await Client.PostAsync($"/v1/accounts/{account}/deposits", $$"""{"amount":1,"reference":"{{new string('r', 141)}}"}""", _fixture.Alice.Token, ApiClient.NewKey());

        Assert.Equal(HttpStatusCode.Created, ok.Status);
        Assert.Equal("validation_failed", tooLong.Code);
        Assert.True(tooLong.Json.GetProperty("errors").TryGetProperty("reference", out _));
    }

    [Fact]
    public async Task ARetryWithTheSameKeyAndBodyReplaysTheFirstAnswerWithoutAnotherEffect()
    {
        var alice = _fixture.Alice;
        var account = await Client.OpenAccountAsync(alice);
        var key = ApiClient.NewKey();

        var first = await Client.DepositAsync(alice, account, 700, key);
        var second = await Client.DepositAsync(alice, account, 700, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(string.Empty, first.Header("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(700, await Client.BalanceAsync(alice, account));
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsIdempotencyKeyReusedOnAnyRoute()
    {
        var alice = _fixture.Alice;
        var account = await Client.OpenAccountAsync(alice);
        var other = await Client.OpenAccountAsync(alice);
        var key = ApiClient.NewKey();
        await Client.DepositAsync(alice, account, 700, key);

        var otherAmount = await Client.DepositAsync(alice, account, 701, key);
        var otherRoute = await Client.WithdrawAsync(alice, account, 700, key);
        var otherAccount = await Client.DepositAsync(alice, other, 700, key);
        var transfer = await Client.TransferAsync(alice, account, other, 700, key);

        Assert.All([otherAmount, otherRoute, otherAccount, transfer], r =>
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.Status);
            Assert.Equal("idempotency_key_reused", r.Code);
        });
        Assert.Equal(700, await Client.BalanceAsync(alice, account));
        Assert.Equal(0, await Client.BalanceAsync(alice, other));

        // Keys are scoped to the caller: Bob may use the same key for himself.
        var bobs = await Client.OpenAccountAsync(_fixture.Bob);
        Assert.Equal(HttpStatusCode.Created, (await Client.DepositAsync(_fixture.Bob, bobs, 1, key)).Status);
    }

    [Fact]
    public async Task ConcurrentRequestsWithOneKeyTakeEffectExactlyOnce()
    {
        var alice = _fixture.Alice;
        var account = await Client.OpenAccountAsync(alice);
        var key = ApiClient.NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Client.DepositAsync(alice, account, 333, key)));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, r.Body));
        var created = responses.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.Single(created.Select(r => r.Json.GetProperty("entryId").GetString()).Distinct());
        Assert.Single(created, r => r.Header("Idempotent-Replayed") != "true");
        Assert.All(responses.Where(r => r.Status == HttpStatusCode.Conflict), r => Assert.Equal("idempotency_key_in_use", r.Code));
        Assert.Equal(333, await Client.BalanceAsync(alice, account));
        Assert.Single(await Client.AllEntriesAsync(alice, account));
    }

    [Fact]
    public async Task TwentyConcurrentWithdrawalsNeverOverdraw()
    {
        var bob = _fixture.Bob;
        var account = await Client.OpenAccountAsync(bob);
        await Client.DepositAsync(bob, account, 1000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Client.WithdrawAsync(bob, account, 150)));

        Assert.Equal(6, responses.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(14, responses.Count(r => r.Code == "insufficient_funds"));
        Assert.Equal(100, await Client.BalanceAsync(bob, account));
        var entries = await Client.AllEntriesAsync(bob, account);
        Assert.Equal(7, entries.Count);
        Assert.All(entries, e => Assert.True(e.GetProperty("balanceAfter").GetInt64() >= 0));
    }

    [Fact]
    public async Task ABalanceNeverExceedsItsLimit()
    {
        var carol = _fixture.Carol;
        var account = await Client.OpenAccountAsync(carol);
        for (var i = 0; i < ApiFixture.MaxBalance / 1_000_000_000_000; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Client.DepositAsync(carol, account, 1_000_000_000_000)).Status);
        }

        var over = await Client.DepositAsync(carol, account, 1);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.Status);
        Assert.Equal("limit_exceeded", over.Code);
        Assert.Equal(ApiFixture.MaxBalance, await Client.BalanceAsync(carol, account));
    }

    [Fact]
    public async Task MoneyRoutesOnSomeoneElsesAccountAreNotFoundAndHaveNoEffect()
    {
        var bobs = await Client.OpenAccountAsync(_fixture.Bob);
        await Client.DepositAsync(_fixture.Bob, bobs, 500);
        var alice = _fixture.Alice;

        var deposit = await Client.DepositAsync(alice, bobs, 10);
        var withdrawal = await Client.WithdrawAsync(alice, bobs, 10);
        var transactions = await Client.GetAsync($"/v1/accounts/{bobs}/transactions", alice.Token);
        var unknown = await Client.DepositAsync(alice, "acc_aaaaaaaaaaaaaaaaaaaaaaaaaa", 10);

        Assert.All([deposit, withdrawal, transactions, unknown], r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Equal("not_found", r.Code);
        });
        Assert.Equal(500, await Client.BalanceAsync(_fixture.Bob, bobs));
    }

    [Fact]
    public async Task ANotFoundAnswerLeavesTheKeyFree()
    {
        var alice = _fixture.Alice;
        var key = ApiClient.NewKey();
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DepositAsync(alice, "acc_aaaaaaaaaaaaaaaaaaaaaaaaaa", 10, key)).Status);
        var account = await Client.OpenAccountAsync(alice);

        Assert.Equal(HttpStatusCode.Created, (await Client.DepositAsync(alice, account, 10, key)).Status);
    }
}
