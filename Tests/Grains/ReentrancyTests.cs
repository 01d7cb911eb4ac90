using System.Security.Cryptography;
using Orleans;
using OrleansBackend.Grains.Identity;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Interfaces.Operations;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// The old runtime let a call chain come back to a grain it had passed (A → B → A); Orleans grains are not reentrant,
/// so such a chain would wait on itself until the call timed out. This proves no path through the backend's grains
/// does: every grain operation runs on three silos through <see cref="CallChainRecorder"/>, which records any call
/// whose target is already in its chain, and the grain-to-grain calls seen are held to the call graph read from the
/// grains (all of it exercised, nothing outside it). A probe pair of test grains shows the recorder does catch a cycle,
/// and how one is made to work on purpose (call-chain reentrancy).
/// <para>The call graph (caller → callee.method); it has no cycle:</para>
/// <list type="bullet">
/// <item>EmailIndexGrain → UserGrain.Create (register), UserGrain.VerifyPassword and UserGrain.StartSession (login)</item>
/// <item>UserGrain → SessionGrain.Start (StartSession), SessionGrain.Get (GetActiveSessions), AccountGrain.Open (OpenAccount)</item>
/// <item>TransferGrain → AccountGrain.Get (Execute), AccountGrain.ApplyTransferLeg (debit, credit, refund; from Execute, Get, its retry timer, its reminder)</item>
/// <item>AccountGrain → LedgerPageGrain.Seal (a full page), LedgerPageGrain.GetEntries (GetTransactions)</item>
/// <item>ActivityFeedGrain → ActivityPageGrain.Seal, GetItems, Discard (paging), IActivityObserver.EventsAvailable (one-way, to clients)</item>
/// <item>
/// Account, Transfer, Session and EmailIndex grains publish to the user's stream; the PostgreSQL queue's pulling agent
/// delivers to ActivityFeedGrain later, outside the publisher's call. SessionGrain, LedgerPageGrain, ActivityPageGrain,
/// IdempotencyKeyGrain, HealthProbeGrain and PingGrain call no grain.
/// </item>
/// </list>
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class ReentrancyTests : IClassFixture<FakeClockClusterFixture>
{
    private const string Probe = "reentrancyprobe";

    /// <summary>Every grain-to-grain call the backend makes ("caller grain type → interface.method").</summary>
    private static readonly string[] CallGraph =
    [
        "emailindex → IUserGrain.Create",
        "emailindex → IUserGrain.VerifyPassword",
        "emailindex → IUserGrain.StartSession",
        "user → ISessionGrain.Start",
        "user → ISessionGrain.Get",
        "user → IAccountGrain.Open",
        "transfer → IAccountGrain.Get",
        "transfer → IAccountGrain.ApplyTransferLeg",
        "account → ILedgerPageGrain.Seal",
        "account → ILedgerPageGrain.GetEntries",
        "activityfeed → IActivityPageGrain.Seal",
        "activityfeed → IActivityPageGrain.GetItems",
        "activityfeed → IActivityPageGrain.Discard",
        "activityfeed → IActivityObserver.EventsAvailable",
    ];

    /// <summary>Calls of the graph this test cannot reach cheaply: discarding a page takes over 1,000 events.</summary>
    private static readonly string[] NotDriven = ["activityfeed → IActivityPageGrain.Discard"];

    private readonly FakeClockClusterFixture _fixture;
    private readonly Bank _bank;
    private readonly byte[] _tokenHash = RandomNumberGenerator.GetBytes(32);

    public ReentrancyTests(FakeClockClusterFixture fixture)
    {
        _fixture = fixture;
        _bank = new Bank(fixture.Grains);
    }

    [Fact]
    public async Task TheRecorderCatchesACallChainThatComesBackToAGrain()
    {
        var a = _fixture.Grains.GetGrain<IReentrancyProbeGrain>($"a-{Guid.NewGuid():N}");
        var b = _fixture.Grains.GetGrain<IReentrancyProbeGrain>($"b-{Guid.NewGuid():N}");

        Assert.Equal(2, await Eventually.Within(a.Bounce(b, 2)));

        // Seen as B sends it and again as A receives it; B is never re-entered.
        var reentries = _fixture.CallChains.Reentries.Where(r => r.Contains(a.GetGrainId().ToString(), StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reentries);
        Assert.All(reentries, r => Assert.EndsWith($"{a.GetGrainId()} → {b.GetGrainId()} → {a.GetGrainId()}.Bounce", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoCallChainThroughTheBackendsGrainsComesBackToAGrainItPassed()
    {
        var userId = await DriveIdentityAsync();
        var feed = _fixture.Grains.GetGrain<IActivityFeedGrain>(userId);
        var observer = new FeedObserver();
        var observerReference = _fixture.Cluster.Client.CreateObjectReference<IActivityObserver>(observer);
        await feed.Subscribe(observerReference);

        await DriveMoneyAsync(userId);
        await DriveSessionEndingsAsync(userId);
        Assert.Equal(KeyClaimStatus.New, (await _fixture.Grains.GetGrain<IIdempotencyKeyGrain>($"{userId}/key").Claim("fingerprint")).Status);
        await _fixture.Grains.GetGrain<IIdempotencyKeyGrain>($"{userId}/key").Release("fingerprint");
        Assert.True(await _fixture.Grains.GetGrain<IHealthProbeGrain>(0).Check());
        Assert.Equal(7, await _fixture.Grains.GetGrain<IPingGrain>(0).Ping(7));

        // The feed: more than two pages of the user's events, announced to the observer, read back across pages.
        await WaitMovingTheClockAsync(async () => (await feed.GetLatest(1)) is [{ Sequence: > 110 }], "the feed applied the user's events");
        await WaitMovingTheClockAsync(() => Task.FromResult(observer.LastSequence > 110), "the observer heard of them");
        var latest = await feed.GetLatest(200);
        Assert.True(latest.Count > 110);
        Assert.Equal(10, (await feed.GetSince(0, 10)).Count);
        await feed.Unsubscribe(observerReference);
        _fixture.Cluster.Client.DeleteObjectReference<IActivityObserver>(observerReference);

        Assert.DoesNotContain(_fixture.CallChains.Reentries, r => !r.Contains(Probe, StringComparison.Ordinal));
        var seen = _fixture.CallChains.Edges.Where(e => !e.StartsWith(Probe, StringComparison.Ordinal)).ToHashSet();
        Assert.Empty(seen.Except(CallGraph));
        Assert.Empty(CallGraph.Except(NotDriven).Except(seen));
    }

    /// <summary>Register, a taken address, a failed and two good logins, use, the session list and a revocation.</summary>
    private async Task<string> DriveIdentityAsync()
    {
        var email = $"reentry-{Guid.NewGuid():N}@example.com";
        var index = _fixture.Grains.GetGrain<IEmailIndexGrain>(EmailAddresses.Normalize(email));
        var registered = await index.Register(email, "correct horse battery", "Re Entry");
        Assert.Equal(RegistrationStatus.Created, registered.Status);
        Assert.Equal(RegistrationStatus.EmailTaken, (await index.Register(email, "another password", null)).Status);
        var userId = registered.User!.Id;

        Assert.Equal(LoginStatus.InvalidCredentials, (await index.Login("wrong password", NewSessionId(), _tokenHash)).Status);
        var first = await index.Login("correct horse battery", NewSessionId(), _tokenHash);
        var second = await index.Login("correct horse battery", NewSessionId(), _tokenHash);
        Assert.Equal(LoginStatus.Succeeded, first.Status);
        Assert.Equal(LoginStatus.Succeeded, second.Status);

        _fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await Session(first.Session!.SessionId).Validate(_tokenHash)).IsValid);
        var user = _fixture.Grains.GetGrain<IUserGrain>(userId);
        Assert.Equal(2, (await user.GetActiveSessions()).Count);
        Assert.True(await Session(second.Session!.SessionId).Revoke(userId));
        Assert.Single(await user.GetActiveSessions());
        Assert.NotNull(await user.GetProfile());
        return userId;
    }

    /// <summary>Accounts, a sealed ledger page, deposits, withdrawals and every kind of transfer ending.</summary>
    private async Task DriveMoneyAsync(string userId)
    {
        var user = _fixture.Grains.GetGrain<IUserGrain>(userId);
        var a = (await user.OpenAccount("EUR")).Id;
        var b = (await user.OpenAccount("EUR")).Id;
        var dollars = (await user.OpenAccount("USD")).Id;
        var stranger = Bank.NewOwner();
        var full = await _bank.OpenAsync(stranger);
        await _bank.DepositAsync(stranger, full, GrainClusterFixture.MaxBalance - 50);

        for (var i = 0; i < 105; i++)
        {
            Assert.Equal(MoneyOutcome.Applied, (await _bank.DepositAsync(userId, a, 10)).Outcome);
        }

        Assert.Equal(MoneyOutcome.Applied, (await _bank.WithdrawAsync(userId, a, 50)).Outcome);
        Assert.Equal(MoneyOutcome.InsufficientFunds, (await _bank.WithdrawAsync(userId, a, 1_000_000)).Outcome);
        Assert.Equal(106, (await _bank.EntriesAsync(userId, a)).Count);

        var completed = Bank.NewTransferId();
        Assert.Equal(MoneyOutcome.Applied, (await _bank.TransferAsync(userId, a, b, 100, completed)).Outcome);
        Assert.True((await _bank.TransferAsync(userId, a, b, 100, completed)).Replayed);
        Assert.Equal(TransferStatus.Completed, (await _bank.Transfer(completed).Get(userId)).Transfer!.Status);
        Assert.Equal(MoneyOutcome.InsufficientFunds, (await _bank.TransferAsync(userId, a, b, 1_000_000)).Outcome);
        Assert.Equal(MoneyOutcome.CurrencyMismatch, (await _bank.TransferAsync(userId, a, dollars, 100)).Outcome);
        Assert.Equal(MoneyOutcome.LimitExceeded, (await _bank.TransferAsync(userId, a, full, 100)).Outcome);

        // A lost credit: the saga's retry timer finishes it as the clock moves.
        var retried = Bank.NewTransferId();
        _fixture.LostLegs.Arm(retried, TransferLegKind.Credit, afterApplying: false);
        Assert.Equal(MoneyOutcome.Pending, (await _bank.TransferAsync(userId, a, b, 100, retried)).Outcome);
        await WaitMovingTheClockAsync(async () => await _bank.BalanceAsync(b) == 200, "the retry timer finished the transfer");
        Assert.Equal(1000 - 200, await _bank.BalanceAsync(a));
    }

    /// <summary>A session started through the user and left to its expiry reminder.</summary>
    private async Task DriveSessionEndingsAsync(string userId)
    {
        var session = Session(NewSessionId());
        await _fixture.Grains.GetGrain<IUserGrain>(userId).StartSession(session.GetPrimaryKeyString(), _tokenHash);
        var expiry = new ReminderClock(_fixture.Clock, _fixture.Stores, session, SessionGrain.ExpiryReminderName);
        while (await expiry.PassNextTickAsync() is not null)
        {
            // Re-armed: the session was used since; go on to its new deadline.
        }

        Assert.False((await session.Get())!.Active);
    }

    /// <summary>Waits for <paramref name="condition"/>, moving the fake clock on a second at a time (stream delivery on this cluster follows it).</summary>
    private Task WaitMovingTheClockAsync(Func<Task<bool>> condition, string because) =>
        Eventually.True(
            async () =>
            {
                if (await condition())
                {
                    return true;
                }

                _fixture.Clock.Advance(TimeSpan.FromSeconds(1));
                return false;
            },
            because,
            TimeSpan.FromSeconds(60));

    private ISessionGrain Session(string sessionId) => _fixture.Grains.GetGrain<ISessionGrain>(sessionId);

    private static string NewSessionId() => ResourceIds.New(ResourceIds.SessionPrefix);
}
