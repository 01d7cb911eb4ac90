using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>Lock-out and session expiry, with the host's clock driven by the test.</summary>
public sealed class ClockDrivenTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = FakeClock.StartingNow();
    private readonly ApiFactory _factory;
    private ApiClient _client = null!;

    public ClockDrivenTests()
    {
        _factory = new ApiFactory(_clock);
    }

    public Task InitializeAsync()
    {
        _client = new ApiClient(_factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task FiveFailuresWithinFifteenMinutesLockTheAddressUntilTheWindowPasses()
    {
        var email = ApiClient.UniqueEmail("locked");
        const string password = "the right password";
        Assert.Equal(HttpStatusCode.Created, (await _client.RegisterAsync(email, password)).Status);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("invalid_credentials", (await _client.LoginAsync(email, $"wrong password {i}")).Code);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Locked: even the right password is refused, with the time to wait.
        var locked = await _client.LoginAsync(email.ToUpperInvariant(), password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.Equal("too_many_attempts", locked.Code);
        var retryAfter = int.Parse(locked.Header("Retry-After"), CultureInfo.InvariantCulture);
        Assert.Equal(10 * 60, retryAfter);

        _clock.Advance(TimeSpan.FromSeconds(retryAfter - 1));
        Assert.Equal("too_many_attempts", (await _client.LoginAsync(email, password)).Code);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await _client.LoginAsync(email, password)).Status);
    }

    [Fact]
    public async Task FailuresOutsideTheWindowDoNotLock()
    {
        var email = ApiClient.UniqueEmail("slow");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("invalid_credentials", (await _client.LoginAsync(email, "wrong password")).Code);
            _clock.Advance(TimeSpan.FromMinutes(4));
        }
    }

    [Fact]
    public async Task UnknownAddressesLockAlike()
    {
        var email = ApiClient.UniqueEmail("ghost");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("invalid_credentials", (await _client.LoginAsync(email, "any password")).Code);
        }

        var locked = await _client.LoginAsync(email, "any password");
        Assert.Equal("too_many_attempts", locked.Code);
        Assert.NotEqual(string.Empty, locked.Header("Retry-After"));
    }

    [Fact]
    public async Task SessionsSlideFor24HoursAndEndAfter30Days()
    {
        var user = await _client.NewUserAsync("expiry");
        var idle = await _client.LoginAsync(user.Email, user.Password);
        var idleToken = idle.Json.GetProperty("token").GetString()!;

        // Used every 23 hours, a session lives on...
        var started = _clock.GetUtcNow();
        while (_clock.GetUtcNow() - started < TimeSpan.FromDays(30) - TimeSpan.FromHours(23))
        {
            _clock.Advance(TimeSpan.FromHours(23));
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v1/users/me", user.Token)).Status);
        }

        // ...while one left alone for 24 hours died long ago.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/v1/users/me", idleToken)).Status);

        // The absolute limit: 30 days after it started, however recently it was used.
        var sessions = await _client.GetAsync("/v1/sessions", user.Token);
        var current = sessions.Json.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("current").GetBoolean());
        var expiresAt = current.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.True(expiresAt - started <= TimeSpan.FromDays(30) && expiresAt - started > TimeSpan.FromDays(30) - TimeSpan.FromMinutes(5));
        _clock.Advance(expiresAt - _clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v1/users/me", user.Token)).Status);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await _client.GetAsync("/v1/users/me", user.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("unauthorized", expired.Code);
    }

    [Fact]
    public async Task ASessionUnusedFor24HoursExpires()
    {
        var user = await _client.NewUserAsync("idle");
        _clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v1/users/me", user.Token)).Status);

        _clock.Advance(TimeSpan.FromHours(24));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/v1/users/me", user.Token)).Status);
    }

    [Fact]
    public async Task ASessionLeftUnusedEndsByItselfWithSessionEndedInTheActivity()
    {
        var user = await _client.NewUserAsync("ended");
        _clock.Advance(TimeSpan.FromHours(23));
        var second = await _client.LoginAsync(user.Email, user.Password);
        var token = second.Json.GetProperty("token").GetString()!;

        // Nobody touches the first session: its reminder ends it at 24 hours and publishes session.ended. The reminder
        // service loads a reminder from its table in the last ten minutes before it is due (it reads the table every five),
        // so time jumps to nine minutes before the deadline and then passes in steps of ten seconds, as it does for a silo:
        // a tick that one jump of the clock stepped right over would be skipped.
        _clock.Advance(TimeSpan.FromMinutes(51));
        JsonElement? ended = null;
        await Eventually.True(
            async () =>
            {
                _clock.Advance(TimeSpan.FromSeconds(10));
                var activity = await _client.GetAsync("/v1/users/me/activity?limit=200", token);
                ended = activity.Json.GetProperty("items").EnumerateArray()
                    .Where(i => i.GetProperty("type").GetString() == "session.ended")
                    .Select(i => (JsonElement?)i.Clone())
                    .FirstOrDefault();
                return ended is not null;
            },
            "the expired session's session.ended reached the activity feed");
        var data = ended!.Value.GetProperty("data");
        Assert.Equal(user.SessionId, data.GetProperty("sessionId").GetString());
        Assert.Equal("expired", data.GetProperty("reason").GetString());
        var sessions = await _client.GetAsync("/v1/sessions", token);
        Assert.Equal([second.Json.GetProperty("sessionId").GetString()], sessions.Json.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/v1/users/me", user.Token)).Status);
    }

    [Fact]
    public async Task IdempotencyKeysAreKeptForAtLeast24Hours()
    {
        var user = await _client.NewUserAsync("keeper");
        var account = await _client.OpenAccountAsync(user);
        var key = ApiClient.NewKey();
        var first = await _client.DepositAsync(user, account, 42, key);

        _clock.Advance(TimeSpan.FromHours(23));
        var late = await _client.DepositAsync(user, account, 42, key);
        _clock.Advance(TimeSpan.FromMinutes(59));
        var later = await _client.DepositAsync(user, account, 42, key);
        var reused = await _client.DepositAsync(user, account, 43, key);

        Assert.Equal(first.Body, late.Body);
        Assert.Equal("true", late.Header("Idempotent-Replayed"));
        Assert.Equal("idempotency_key_reused", reused.Code);
        Assert.Equal(first.Body, later.Body);
        Assert.Equal(42, await _client.BalanceAsync(user, account));
    }
}
