using System.Net;
using System.Text.Json;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>GET /v1/users/me/activity: the caller's events, built from their stream by the activity feed.</summary>
[Collection(ApiCollection.Name)]
public sealed class ActivityTests(ApiFixture fixture)
{
    private readonly ApiClient _client = fixture.Client;

    [Fact]
    public async Task ActivityShowsRegistrationSignInAccountsMoneyAndTransfersNewestFirst()
    {
        var sender = await _client.NewUserAsync("activity-sender");
        var recipient = await _client.NewUserAsync("activity-recipient");
        var failed = await _client.LoginAsync(sender.Email, "not the password at all");
        Assert.Equal(HttpStatusCode.Unauthorized, failed.Status);
        var from = await _client.OpenAccountAsync(sender);
        var to = await _client.OpenAccountAsync(recipient);
        Assert.Equal(HttpStatusCode.Created, (await _client.DepositAsync(sender, from, 500)).Status);
        var transfer = await _client.TransferAsync(sender, from, to, 200);
        Assert.Equal(HttpStatusCode.Created, transfer.Status);

        string[] expected = ["transfer.completed", "account.debited", "account.credited", "account.opened", "login.failed", "session.started", "user.registered"];
        var items = await WaitForActivityAsync(sender, expected.Length);
        Assert.Equal(expected, items.Select(i => i.GetProperty("type").GetString()));

        var credited = items.Single(i => i.GetProperty("type").GetString() == "account.credited");
        Assert.Equal(from, credited.GetProperty("data").GetProperty("accountId").GetString());
        Assert.Equal(500, credited.GetProperty("data").GetProperty("amount").GetInt64());
        Assert.Equal(500, credited.GetProperty("data").GetProperty("balance").GetInt64());
        var completed = items[0];
        Assert.Equal(transfer.Id, completed.GetProperty("data").GetProperty("transferId").GetString());
        Assert.Equal(200, completed.GetProperty("data").GetProperty("amount").GetInt64());
        Assert.True(items[0].GetProperty("at").GetDateTimeOffset() >= items[^1].GetProperty("at").GetDateTimeOffset());

        // The recipient sees the money arrive and the completed transfer, not the sender's history.
        var received = await WaitForActivityAsync(recipient, 5);
        Assert.Equal(["transfer.completed", "account.credited", "account.opened", "session.started", "user.registered"], received.Select(i => i.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task LimitTakesTheNewestEvents()
    {
        var user = await _client.NewUserAsync("activity-limit");
        await _client.OpenAccountAsync(user);
        await WaitForActivityAsync(user, 3);

        var page = await _client.GetAsync("/v1/users/me/activity?limit=2", user.Token);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["account.opened", "session.started"], page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task ALimitOutsideOneToTwoHundredIsAValidationProblem(string limit)
    {
        var response = await _client.GetAsync($"/v1/users/me/activity?limit={limit}", fixture.Alice.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation_failed", response.Code);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task ActivityNeedsAToken()
    {
        var response = await _client.GetAsync("/v1/users/me/activity");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesActivityAndTheEventStream()
    {
        var response = await _client.GetAsync("/openapi/v1.json");

        var paths = response.Json.GetProperty("paths");
        var activity = paths.GetProperty("/v1/users/me/activity").GetProperty("get");
        Assert.True(activity.TryGetProperty("security", out _));
        Assert.Contains(activity.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "limit");
        Assert.True(activity.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(activity.GetProperty("responses").TryGetProperty("400", out _));
        var events = paths.GetProperty("/v1/events").GetProperty("get");
        Assert.True(events.TryGetProperty("security", out _));
        Assert.True(events.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.True(events.GetProperty("responses").TryGetProperty("401", out _));
        Assert.Contains(events.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Last-Event-ID");
    }

    private async Task<List<JsonElement>> WaitForActivityAsync(TestUser user, int count)
    {
        List<JsonElement> items = [];
        await Eventually.True(
            async () =>
            {
                var response = await _client.GetAsync("/v1/users/me/activity?limit=200", user.Token);
                Assert.Equal(HttpStatusCode.OK, response.Status);
                items = [.. response.Json.GetProperty("items").EnumerateArray().Select(i => i.Clone())];
                return items.Count >= count;
            },
            $"{user.Email} has {count} events in their activity");
        return items;
    }
}
