using System.Net;

namespace OrleansBackend.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class TransactionPagingTests
{
    private readonly ApiFixture _fixture;

    public TransactionPagingTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private ApiClient Client => _fixture.Client;

    [Fact]
    public async Task PagesWalkTheWholeLedgerNewestFirstAcrossSealedPages()
    {
        var alice = _fixture.Alice;
        var account = await Client.OpenAccountAsync(alice);
        const int count = 260; // more than two ledger pages, so older entries come from sealed pages
        for (var i = 1; i <= count; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Client.DepositAsync(alice, account, i)).Status);
        }

        var firstPage = await Client.GetAsync($"/v1/accounts/{account}/transactions", alice.Token);
        Assert.Equal(50, firstPage.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(count, firstPage.Json.GetProperty("items")[0].GetProperty("amount").GetInt64());

        var walked = await Client.AllEntriesAsync(alice, account, pageSize: 7);
        Assert.Equal(Enumerable.Range(1, count).Reverse().Select(i => (long)i), walked.Select(e => e.GetProperty("amount").GetInt64()));
        Assert.Equal(count, walked.Select(e => e.GetProperty("entryId").GetString()).Distinct().Count());
        Assert.Equal((long)count * (count + 1) / 2, walked[0].GetProperty("balanceAfter").GetInt64());

        var all = await Client.GetAsync($"/v1/accounts/{account}/transactions?limit=200", alice.Token);
        Assert.Equal(200, all.Json.GetProperty("items").GetArrayLength());
        var last = await Client.GetAsync($"/v1/accounts/{account}/transactions?limit=200&before={all.Json.GetProperty("next").GetString()}", alice.Token);
        Assert.Equal(60, last.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, last.Json.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task AnEmptyLedgerHasNoNextPage()
    {
        var account = await Client.OpenAccountAsync(_fixture.Bob);

        var page = await Client.GetAsync($"/v1/accounts/{account}/transactions", _fixture.Bob.Token);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(0, page.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.Json.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=", "limit")]
    [InlineData("before=garbage", "before")]
    [InlineData("before=AQAAAAAAAAAA", "before")]
    [InlineData("before=", "before")]
    public async Task BadPagingParametersAre400(string query, string field)
    {
        var account = await Client.OpenAccountAsync(_fixture.Bob);

        var response = await Client.GetAsync($"/v1/accounts/{account}/transactions?{query}", _fixture.Bob.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation_failed", response.Code);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty(field, out _));
    }
}
