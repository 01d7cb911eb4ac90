using System.Net;

namespace OrleansBackend.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class TransferTests
{
    private readonly ApiFixture _fixture;

    public TransferTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private ApiClient Client => _fixture.Client;

    [Fact]
    public async Task ATransferToAnotherUserMovesTheMoneyAndBothSeeIt()
    {
        var (alice, bob) = (_fixture.Alice, _fixture.Bob);
        var from = await Client.OpenAccountAsync(alice);
        var to = await Client.OpenAccountAsync(bob);
        await Client.DepositAsync(alice, from, 1000);

        var response = await Client.TransferAsync(alice, from, to, 400, reference: "rent");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var id = response.Id;
        Assert.StartsWith("trf_", id, StringComparison.Ordinal);
        Assert.Equal($"/v1/transfers/{id}", response.Headers.Location?.ToString());
        Assert.Equal("completed", response.Json.GetProperty("status").GetString());
        Assert.Equal(from, response.Json.GetProperty("fromAccountId").GetString());
        Assert.Equal(to, response.Json.GetProperty("toAccountId").GetString());
        Assert.Equal(400, response.Json.GetProperty("amount").GetInt64());
        Assert.Equal("EUR", response.Json.GetProperty("currency").GetString());
        Assert.True(response.Json.TryGetProperty("createdAt", out _));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, response.Json.GetProperty("completedAt").ValueKind);

        Assert.Equal(600, await Client.BalanceAsync(alice, from));
        Assert.Equal(400, await Client.BalanceAsync(bob, to));
        var outgoing = (await Client.AllEntriesAsync(alice, from))[0];
        var incoming = (await Client.AllEntriesAsync(bob, to))[0];
        Assert.Equal("transfer_out", outgoing.GetProperty("kind").GetString());
        Assert.Equal(id, outgoing.GetProperty("transferId").GetString());
        Assert.Equal("transfer_in", incoming.GetProperty("kind").GetString());
        Assert.Equal(id, incoming.GetProperty("transferId").GetString());
        Assert.Equal("rent", incoming.GetProperty("reference").GetString());

        var seenByAlice = await Client.GetAsync($"/v1/transfers/{id}", alice.Token);
        var seenByBob = await Client.GetAsync($"/v1/transfers/{id}", bob.Token);
        var seenByCarol = await Client.GetAsync($"/v1/transfers/{id}", _fixture.Carol.Token);
        Assert.Equal(HttpStatusCode.OK, seenByAlice.Status);
        Assert.Equal(response.Body, seenByAlice.Body);
        Assert.Equal(HttpStatusCode.OK, seenByBob.Status);
        Assert.Equal(HttpStatusCode.NotFound, seenByCarol.Status);
        Assert.Equal("not_found", seenByCarol.Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/transfers/trf_aaaaaaaaaaaaaaaaaaaaaaaaaa", alice.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/v1/transfers/nonsense", alice.Token)).Status);
    }

    [Fact]
    public async Task ARetriedTransferReplaysAndMovesMoneyOnce()
    {
        var (alice, bob) = (_fixture.Alice, _fixture.Bob);
        var from = await Client.OpenAccountAsync(alice);
        var to = await Client.OpenAccountAsync(bob);
        await Client.DepositAsync(alice, from, 1000);
        var key = ApiClient.NewKey();

        var first = await Client.TransferAsync(alice, from, to, 300, key);
        var retry = await Client.TransferAsync(alice, from, to, 300, key);
        var reused = await Client.TransferAsync(alice, from, to, 301, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.Equal("true", retry.Header("Idempotent-Replayed"));
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("idempotency_key_reused", reused.Code);
        Assert.Equal(700, await Client.BalanceAsync(alice, from));
        Assert.Equal(300, await Client.BalanceAsync(bob, to));
    }

    [Fact]
    public async Task ConcurrentTransfersWithOneKeyMoveMoneyOnce()
    {
        var (alice, bob) = (_fixture.Alice, _fixture.Bob);
        var from = await Client.OpenAccountAsync(alice);
        var to = await Client.OpenAccountAsync(bob);
        await Client.DepositAsync(alice, from, 1000);
        var key = ApiClient.NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Client.TransferAsync(alice, from, to, 250, key)));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, r.Body));
        Assert.Single(responses.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Id).Distinct());
        Assert.Equal(750, await Client.BalanceAsync(alice, from));
        Assert.Equal(250, await Client.BalanceAsync(bob, to));
    }

    [Fact]
    public async Task ATransferBeyondTheBalanceIsInsufficientFundsWithNothingApplied()
    {
        var (alice, bob) = (_fixture.Alice, _fixture.Bob);
        var from = await Client.OpenAccountAsync(alice);
        var to = await Client.OpenAccountAsync(bob);
        await Client.DepositAsync(alice, from, 100);
        var key = ApiClient.NewKey();

        var refused = await Client.TransferAsync(alice, from, to, 101, key);
        var replay = await Client.TransferAsync(alice, from, to, 101, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("insufficient_funds", refused.Code);
        Assert.Equal(refused.Body, replay.Body);
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Equal(100, await Client.BalanceAsync(alice, from));
        Assert.Equal(0, await Client.BalanceAsync(bob, to));
        Assert.Single(await Client.AllEntriesAsync(alice, from));
    }

    [Fact]
    public async Task ATransferBetweenCurrenciesIsCurrencyMismatch()
    {
        var (alice, bob) = (_fixture.Alice, _fixture.Bob);
        var from = await Client.OpenAccountAsync(alice, "EUR");
        var to = await Client.OpenAccountAsync(bob, "USD");
        await Client.DepositAsync(alice, from, 100);

        var response = await Client.TransferAsync(alice, from, to, 50);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("currency_mismatch", response.Code);
        Assert.Equal(100, await Client.BalanceAsync(alice, from));
    }

    [Fact]
    public async Task ATransferToTheSameAccountIsAValidationError()
    {
        var from = await Client.OpenAccountAsync(_fixture.Alice);

        var response = await Client.TransferAsync(_fixture.Alice, from, from, 1);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation_failed", response.Code);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("toAccountId", out _));
    }

    [Theory]
    [InlineData("""{"toAccountId":"acc_aaaaaaaaaaaaaaaaaaaaaaaaaa","amount":1}""", "fromAccountId")]
    [InlineData("""{"fromAccountId":"acc_aaaaaaaaaaaaaaaaaaaaaaaaaa","amount":1}""", "toAccountId")]
    [InlineData("""{"fromAccountId":"acc_aaaaaaaaaaaaaaaaaaaaaaaaaa","toAccountId":"acc_bbbbbbbbbbbbbbbbbbbbbbbbbb","amount":1.5}""", "amount")]
    [InlineData("""{"fromAccountId":1,"toAccountId":"acc_bbbbbbbbbbbbbbbbbbbbbbbbbb","amount":1}""", "fromAccountId")]
    public async Task TransferFieldsAreValidated(string body, string field)
    {
        var response = await Client.PostAsync("/v1/transfers", body, _fixture.Alice.Token, ApiClient.NewKey());

        Assert.Equal("validation_failed", response.Code);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ASourceThatIsNotTheCallersOrAnUnknownDestinationIsNotFound()
    {
        var (alice, bob) = (_fixture.Alice, _fixture.Bob);
        var alices = await Client.OpenAccountAsync(alice);
        var bobs = await Client.OpenAccountAsync(bob);
        await Client.DepositAsync(bob, bobs, 500);

        var stealing = await Client.TransferAsync(alice, bobs, alices, 100);
        var nowhere = await Client.TransferAsync(bob, bobs, "acc_aaaaaaaaaaaaaaaaaaaaaaaaaa", 100);
        var malformed = await Client.TransferAsync(bob, bobs, "somewhere", 100);

        Assert.All([stealing, nowhere, malformed], r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Equal("not_found", r.Code);
        });
        Assert.Equal(500, await Client.BalanceAsync(bob, bobs));
        Assert.Equal(0, await Client.BalanceAsync(alice, alices));
    }
}
