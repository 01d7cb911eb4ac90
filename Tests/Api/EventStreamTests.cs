using System.Globalization;
using System.Net;
using System.Text.Json;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// GET /v1/events: the caller's events live from their activity feed grain (the SSE id is the feed's sequence), resuming
/// after Last-Event-ID, ending with the session.
/// </summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        ["Events:SessionCheckInterval"] = "00:00:00.100",
        ["Events:HeartbeatInterval"] = "00:00:00.500",
    });

    private ApiClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new ApiClient(_factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task LiveEventsArriveAndAReconnectResumesAfterLastEventId()
    {
        var user = await _client.NewUserAsync("sse");
        string openedId;
        await using (var events = await ServerSentEventReader.OpenAsync(_client.Http, user.Token))
        {
            Assert.Equal(HttpStatusCode.OK, events.Response.StatusCode);
            Assert.Equal("text/event-stream", events.Response.Content.Headers.ContentType?.MediaType);
            var account = await _client.OpenAccountAsync(user);
            var opened = await events.WaitForAsync("account.opened");
            openedId = opened.Id!;
            using var data = JsonDocument.Parse(opened.Data);
            Assert.Equal("account.opened", data.RootElement.GetProperty("type").GetString());
            Assert.Equal(account, data.RootElement.GetProperty("data").GetProperty("accountId").GetString());

            Assert.Equal(HttpStatusCode.Created, (await _client.DepositAsync(user, account, 75)).Status);
            var credited = await events.WaitForAsync("account.credited");
            Assert.Equal(long.Parse(openedId) + 1, long.Parse(credited.Id!));
        }

        // Reconnecting with Last-Event-ID replays what came after that event, then goes on live.
        await using var resumed = await ServerSentEventReader.OpenAsync(_client.Http, user.Token, openedId);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var first = await resumed.NextAsync(deadline.Token);
        Assert.NotNull(first);
        Assert.Equal("account.credited", first.Event);
        Assert.Equal(long.Parse(openedId) + 1, long.Parse(first.Id!));
    }

    [Fact]
    public async Task FromLastEventIdZeroTheStreamReplaysTheActivityFeedInItsOrder()
    {
        var user = await _client.NewUserAsync("sse-replay");
        var account = await _client.OpenAccountAsync(user);
        Assert.Equal(HttpStatusCode.Created, (await _client.DepositAsync(user, account, 10)).Status);
        string?[] activity = [];
        await Eventually.True(
            async () =>
            {
                var response = await _client.GetAsync("/v1/users/me/activity?limit=200", user.Token);
                activity = [.. response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString())];
                return activity.Length == 4;
            },
            "registration, sign-in, account and deposit are in the activity feed");

        await using var events = await ServerSentEventReader.OpenAsync(_client.Http, user.Token, lastEventId: "0");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var replayed = new List<ServerSentEvent>();
        while (replayed.Count < activity.Length)
        {
            replayed.Add(await events.NextAsync(deadline.Token) ?? throw new InvalidOperationException("The stream ended early."));
        }

        // The ids are the feed's sequence numbers: the feed's events, oldest first, numbered from 1.
        Assert.Equal(activity.Reverse(), replayed.Select(e => e.Event));
        Assert.Equal(Enumerable.Range(1, activity.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)), replayed.Select(e => e.Id));
    }

    [Fact]
    public async Task TheStreamEndsWhenTheSessionIsRevoked()
    {
        var user = await _client.NewUserAsync("sse-revoke");
        await using var events = await ServerSentEventReader.OpenAsync(_client.Http, user.Token, lastEventId: "0");
        Assert.Equal("user.registered", (await events.WaitForAsync("user.registered")).Event);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/v1/sessions/current", user.Token)).Status);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var last = await events.WaitForAsync("session.ended");
        Assert.NotNull(last);
        while (await events.NextAsync(deadline.Token) is not null)
        {
            // Drain to the end: the server closes the stream.
        }
    }

    [Fact]
    public async Task EventsNeedAToken()
    {
        var response = await _client.GetAsync("/v1/events");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task AMalformedLastEventIdIsAValidationProblem()
    {
        var user = await _client.NewUserAsync("sse-bad-id");
        await using var events = await ServerSentEventReader.OpenAsync(_client.Http, user.Token, "yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, events.Response.StatusCode);
    }
}
