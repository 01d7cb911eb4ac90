using Orleans.Storage;
using OrleansBackend.Hosting.Resilience;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;

namespace OrleansBackend.Tests.Persistence.Storage;

/// <summary>
/// The grain storage contract on the project's group-commit provider (ProviderType <c>PostgresGroupCommit</c>) on a real
/// PostgreSQL database; and what batching must not change: two writes of one state in flight at once are checked one
/// after the other, so exactly one of two writers holding the same etag wins.
/// </summary>
[Collection(SiloTestsCollection.Name)]
public sealed class GroupCommitGrainStorageTests(GroupCommitSiloFixture fixture) : GrainStorageContract, IClassFixture<GroupCommitSiloFixture>
{
    private const string StateName = "group-commit";

    protected override IServiceProvider SiloServices => fixture.Silo.Services();

    [Fact]
    public void TheDefaultStorageIsTheGroupCommitProvider()
    {
        // Behind the storage circuit breaker every named storage gets (Hosting/Resilience).
        Assert.Equal("GroupCommitGrainStorage", Assert.IsType<CircuitBreakingGrainStorage>(Storage).Inner.GetType().Name);
    }

    [Fact]
    public async Task OfTwoWritesInFlightWithTheSameETagOneWins()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, new TestGrainState<StoredValue> { State = new StoredValue { Text = "seed" } });
        var first = new TestGrainState<StoredValue>();
        var second = new TestGrainState<StoredValue>();
        await Storage.ReadStateAsync(StateName, grain, first);
        await Storage.ReadStateAsync(StateName, grain, second);
        Assert.Equal(first.ETag, second.ETag);

        await AssertOneWinsAsync(grain, first, second);
    }

    [Fact]
    public async Task OfTwoFirstWritesInFlightOneWins()
    {
        await AssertOneWinsAsync(NewGrain(), new TestGrainState<StoredValue>(), new TestGrainState<StoredValue>());
    }

    /// <summary>
    /// Starts both writes before awaiting either, behind a backlog of other grains' writes that keeps the writers busy,
    /// so both wait in the queue together and one sweep of it meets both; one must be stored, the other refused.
    /// </summary>
    private async Task AssertOneWinsAsync(Orleans.Runtime.GrainId grain, TestGrainState<StoredValue> first, TestGrainState<StoredValue> second)
    {
        first.State.Text = "first";
        second.State.Text = "second";
        var backlog = Enumerable.Range(0, 600)
            .Select(i => Storage.WriteStateAsync(StateName, NewGrain(), new TestGrainState<StoredValue> { State = new StoredValue { Number = i } }))
            .ToList();
        var writes = new[] { Storage.WriteStateAsync(StateName, grain, first), Storage.WriteStateAsync(StateName, grain, second) };
        await Task.WhenAll(backlog);
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal(1, writes.Count(w => w.IsCompletedSuccessfully));
        var refused = Assert.Single(writes, w => w.IsFaulted);
        Assert.IsType<InconsistentStateException>(refused.Exception!.InnerException);

        var winner = writes[0].IsCompletedSuccessfully ? first : second;
        var stored = new TestGrainState<StoredValue>();
        await Storage.ReadStateAsync(StateName, grain, stored);
        Assert.Equal(winner.State.Text, stored.State.Text);
        Assert.Equal(winner.ETag, stored.ETag);
    }
}
