using System.Security.Cryptography;
using OrleansBackend.Grains.Identity;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Tests.Api;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Sessions end by their expiry reminder: one per session, due at the session's deadline; a tick ends a session that
/// was not used since, and re-arms one that was for its new deadline; revocation removes it. Three silos on a fake clock
/// the test moves past each reminder tick (<see cref="ReminderClock"/>; Orleans' own membership and messaging keep real
/// time), waiting on the reminder table with a deadline.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class SessionExpiryTests : IClassFixture<FakeClockClusterFixture>
{
    private readonly FakeClockClusterFixture _fixture;
    private readonly byte[] _tokenHash = RandomNumberGenerator.GetBytes(32);

    public SessionExpiryTests(FakeClockClusterFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task AnUnusedSessionEndsAtItsSlidingDeadline()
    {
        var (session, started) = await StartAsync();
        Assert.Equal((started + SessionPolicy.SlidingLifetime).UtcDateTime, (await ExpiryReminderAsync(session))!.StartAt);

        Assert.Null(await Expiry(session).PassNextTickAsync());

        Assert.Equal(started + SessionPolicy.SlidingLifetime, (await StoredAsync(session)).ExpiredAt);
        Assert.False((await session.Get())!.Active);
        Assert.False((await session.Validate(_tokenHash)).IsValid);
    }

    [Fact]
    public async Task ASessionUsedSinceTheReminderWasSetIsReArmedForItsNewDeadline()
    {
        var (session, started) = await StartAsync();
        var expiry = Expiry(session);
        await expiry.AdvanceAsync(TimeSpan.FromHours(12));
        Assert.True((await session.Validate(_tokenHash)).IsValid);

        // The tick at the first deadline finds the session used 12 hours ago: it moves the reminder, no more.
        var moved = await expiry.PassNextTickAsync();
        AssertDueAt(started + TimeSpan.FromHours(12) + SessionPolicy.SlidingLifetime, moved);
        Assert.True((await session.Get())!.Active);
        var usedAt = _fixture.Clock.GetUtcNow();
        Assert.True((await session.Validate(_tokenHash)).IsValid);

        // Used again just after that tick: the tick at 36 h moves the reminder to a day after that use, where it ends.
        moved = await expiry.PassNextTickAsync();
        AssertDueAt(usedAt + SessionPolicy.SlidingLifetime, moved);
        Assert.True((await session.Get())!.Active);
        Assert.Null(await expiry.PassNextTickAsync());
        Assert.False((await session.Get())!.Active);
        Assert.Equal(usedAt + SessionPolicy.SlidingLifetime, (await StoredAsync(session)).ExpiredAt);
    }

    [Fact]
    public async Task ASessionUsedEveryDayEndsAtItsAbsoluteDeadline()
    {
        var (session, started) = await StartAsync();
        var expiry = Expiry(session);
        var absolute = started + SessionPolicy.AbsoluteLifetime;
        while (_fixture.Clock.GetUtcNow() + TimeSpan.FromHours(20) < absolute)
        {
            await expiry.AdvanceAsync(TimeSpan.FromHours(20));
            Assert.True((await session.Validate(_tokenHash)).IsValid);
        }

        await expiry.AdvanceAsync(absolute - _fixture.Clock.GetUtcNow());
        while (await ExpiryReminderAsync(session) is not null)
        {
            await expiry.PassNextTickAsync();
        }

        Assert.Equal(absolute, (await StoredAsync(session)).ExpiredAt);
        Assert.False((await session.Get())!.Active);
        Assert.False((await session.Validate(_tokenHash)).IsValid);
    }

    [Fact]
    public async Task RevocationEndsTheSessionAndRemovesItsReminder()
    {
        var (session, _) = await StartAsync();
        var userId = (await session.Get())!.UserId;

        Assert.False(await session.Revoke(Bank.NewOwner()));
        Assert.True(await session.Revoke(userId));

        Assert.Null(await ExpiryReminderAsync(session));
        var stored = await StoredAsync(session);
        Assert.NotNull(stored.RevokedAt);
        Assert.Null(stored.ExpiredAt);
        Assert.False((await session.Get())!.Active);
        Assert.False((await session.Validate(_tokenHash)).IsValid);
    }

    private async Task<(ISessionGrain Session, DateTimeOffset Started)> StartAsync()
    {
        var session = _fixture.Grains.GetGrain<ISessionGrain>(ResourceIds.New(ResourceIds.SessionPrefix));
        var started = _fixture.Clock.GetUtcNow();
        await session.Start(ResourceIds.New(ResourceIds.UserPrefix), _tokenHash);
        return (session, started);
    }

    private Task<Orleans.ReminderEntry?> ExpiryReminderAsync(ISessionGrain session) => _fixture.Stores.ReminderAsync(session, SessionGrain.ExpiryReminderName);

    /// <summary>
    /// The reminder is due at <paramref name="deadline"/>, give or take the step the clock moved while the tick re-armed
    /// it (the grain reads the clock for the delay, the reminder service again for its start).
    /// </summary>
    private static void AssertDueAt(DateTimeOffset deadline, Orleans.ReminderEntry? reminder)
    {
        Assert.NotNull(reminder);
        Assert.InRange(reminder.StartAt, deadline.UtcDateTime, (deadline + ReminderClock.Step).UtcDateTime);
    }

    private ReminderClock Expiry(ISessionGrain session) => new(_fixture.Clock, _fixture.Stores, session, SessionGrain.ExpiryReminderName);

    private Task<SessionState> StoredAsync(ISessionGrain session) => _fixture.Stores.ReadStateAsync<SessionState>("session", session);
}
