using System.Security.Cryptography;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Identity;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Sessions end by their expiry reminder: one per session, due at the session's deadline; a tick ends a session
/// that was not used since, and re-arms one that was for its new deadline. The test drives the silo's clock.
/// </summary>
public sealed class SessionExpiryTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly TestCluster _cluster;
    private readonly byte[] _tokenHash = RandomNumberGenerator.GetBytes(32);

    public SessionExpiryTests()
    {
        _cluster = new TestClusterBuilder(1).UseTimeProvider(_clock).ConfigureSilo(silo => silo.AddBackendGrains()).Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

    [Fact]
    public async Task AnUnusedSessionEndsAtItsSlidingDeadline()
    {
        var (session, started) = await StartAsync();
        Assert.Equal(started + SessionPolicy.SlidingLifetime, (await ExpiryReminderAsync(session))!.StartAt);

        _clock.Advance(SessionPolicy.SlidingLifetime);

        await Eventually.True(async () => await ExpiryReminderAsync(session) is null, "the session ended and removed its reminder");
        Assert.Equal(started + SessionPolicy.SlidingLifetime, (await StoredAsync(session)).ExpiredAt);
        Assert.False((await session.Get())!.Active);
        Assert.Null((await session.Validate(_tokenHash)).UserId);
    }

    [Fact]
    public async Task ASessionUsedSinceTheReminderWasSetIsReArmedForItsNewDeadline()
    {
        var (session, started) = await StartAsync();
        _clock.Advance(TimeSpan.FromHours(12));
        Assert.NotNull((await session.Validate(_tokenHash)).UserId);

        // The tick at the first deadline finds the session used 12 hours ago: it moves the reminder, no more.
        _clock.Advance(TimeSpan.FromHours(12));
        var movedTo = started + TimeSpan.FromHours(12) + SessionPolicy.SlidingLifetime;
        await Eventually.True(async () => (await ExpiryReminderAsync(session))?.StartAt == movedTo, "the reminder moved to the new deadline");
        Assert.True((await session.Get())!.Active);
        Assert.NotNull((await session.Validate(_tokenHash)).UserId);

        // Used at 24 h, the session now lives until 48 h: the tick at 36 h moves the reminder again; at 48 h it ends.
        _clock.Advance(TimeSpan.FromHours(12));
        await Eventually.True(async () => (await ExpiryReminderAsync(session))?.StartAt == started + TimeSpan.FromHours(48), "the reminder moved again");
        Assert.True((await session.Get())!.Active);
        _clock.Advance(TimeSpan.FromHours(12));
        await Eventually.True(async () => await ExpiryReminderAsync(session) is null, "the session ended");
        Assert.False((await session.Get())!.Active);
    }

    [Fact]
    public async Task ASessionUsedEveryDayEndsAtItsAbsoluteDeadline()
    {
        var (session, started) = await StartAsync();
        var absolute = started + SessionPolicy.AbsoluteLifetime;
        while (_clock.GetUtcNow() + TimeSpan.FromHours(20) < absolute)
        {
            _clock.Advance(TimeSpan.FromHours(20));
            Assert.NotNull((await session.Validate(_tokenHash)).UserId);
        }

        _clock.Advance(absolute - _clock.GetUtcNow());

        await Eventually.True(async () => await ExpiryReminderAsync(session) is null, "the session ended at its absolute deadline");
        Assert.False((await session.Get())!.Active);
        Assert.Null((await session.Validate(_tokenHash)).UserId);
    }

    [Fact]
    public async Task RevocationRemovesTheReminder()
    {
        var (session, _) = await StartAsync();
        var userId = (await session.Get())!.UserId;

        Assert.True(await session.Revoke(userId));

        Assert.Null(await ExpiryReminderAsync(session));
        Assert.Null((await StoredAsync(session)).ExpiredAt);
        Assert.False((await session.Get())!.Active);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    public async Task ASessionStartedBeforeSessionsHadRemindersGetsOneWhenActivated(int hoursSinceLastUse)
    {
        // Seeded straight into storage as an older version wrote it: no reminder, and no flag saying it has one.
        var session = _cluster.GrainFactory.GetGrain<ISessionGrain>(ResourceIds.New(ResourceIds.SessionPrefix));
        var lastSeen = _clock.GetUtcNow() - TimeSpan.FromHours(hoursSinceLastUse);
        var legacy = new LegacyState
        {
            State = new SessionState { UserId = ResourceIds.New(ResourceIds.UserPrefix), TokenHash = _tokenHash, CreatedAt = lastSeen, LastSeenAt = lastSeen },
        };
        await _cluster.Storage.WriteStateAsync("session", session.GetGrainId(), legacy, CancellationToken.None);

        Assert.NotNull(await session.Get());

        if (hoursSinceLastUse < 24)
        {
            Assert.Equal(lastSeen + SessionPolicy.SlidingLifetime, (await ExpiryReminderAsync(session))!.StartAt);
            Assert.True((await session.Get())!.Active);
            _clock.Advance(SessionPolicy.SlidingLifetime);
        }

        await Eventually.True(async () => (await StoredAsync(session)).ExpiredAt is not null, "the session was marked ended by its new reminder");
        Assert.Equal(lastSeen + SessionPolicy.SlidingLifetime, (await StoredAsync(session)).ExpiredAt);
        await Eventually.True(async () => await ExpiryReminderAsync(session) is null, "the ended session removed its reminder");
        Assert.False((await session.Get())!.Active);
    }

    private async Task<(ISessionGrain Session, DateTimeOffset Started)> StartAsync()
    {
        var session = _cluster.GrainFactory.GetGrain<ISessionGrain>(ResourceIds.New(ResourceIds.SessionPrefix));
        var started = _clock.GetUtcNow();
        await session.Start(ResourceIds.New(ResourceIds.UserPrefix), _tokenHash);
        return (session, started);
    }

    private Task<ReminderEntry?> ExpiryReminderAsync(ISessionGrain session) =>
        _cluster.Reminders.ReadRowAsync(session.GetGrainId(), SessionGrain.ExpiryReminderName, CancellationToken.None);

    private async Task<SessionState> StoredAsync(ISessionGrain session)
    {
        var stored = new LegacyState();
        await _cluster.Storage.ReadStateAsync("session", session.GetGrainId(), stored, CancellationToken.None);
        return stored.State;
    }

    private sealed class LegacyState : OrleansBackend.Runtime.Persistence.IGrainState<SessionState>
    {
        public SessionState State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
