using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Membership.Redis;
using OrleansBackend.Tests.Infrastructure;
using StackExchange.Redis;
using static OrleansBackend.Tests.Membership.MembershipTestData;

namespace OrleansBackend.Tests.Membership;

/// <summary>The Redis table against the shared semantics, plus what only Redis has: connecting and the hash layout.</summary>
public sealed class RedisMembershipTableTests : MembershipTableConformanceTests
{
    protected override IMembershipTable CreateTable(string clusterId) =>
        new RedisMembershipTable(new RedisMembershipOptions { ConnectionString = TestServers.Redis }, ServiceId, clusterId);

    [Fact]
    public async Task AnUnreachableServerFailsFastWithAClearMessage()
    {
        var port = ClosedPort();
        var table = Track(new RedisMembershipTable(
            new RedisMembershipOptions { ConnectionString = $"127.0.0.1:{port}", ConnectTimeout = TimeSpan.FromSeconds(1) },
            ServiceId,
            ClusterId));

        // The deadline only catches a hang; the table gives up after its one-second connect timeout.
        var error = await Assert.ThrowsAsync<MembershipTableException>(() => table.InitializeAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains("Redis", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not connect", error.Message, StringComparison.Ordinal);
        Assert.Contains(table.Key, error.Message, StringComparison.Ordinal);

        // A failed attempt is not cached as success: using the table still says it is not connected.
        var notConnected = await Assert.ThrowsAsync<InvalidOperationException>(() => table.ReadAllAsync(Ct));
        Assert.Contains("InitializeAsync", notConnected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatNeverAnswersFailsWithinTheConnectTimeout()
    {
        await using var blackHole = new StallingTcpProxy(target: null);
        var table = Track(new RedisMembershipTable(
            new RedisMembershipOptions { ConnectionString = $"127.0.0.1:{blackHole.Port}", ConnectTimeout = TimeSpan.FromSeconds(1) },
            ServiceId,
            ClusterId));

        var error = await Assert.ThrowsAsync<MembershipTableException>(() => table.InitializeAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains($"127.0.0.1:{blackHole.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatStopsAnsweringFailsTheCallAndTheTableRecovers()
    {
        await using var proxy = new StallingTcpProxy(TestServers.Redis);
        // Not InitializedAsync: its cleanup would run after the proxy is gone.
        var table = Track(new RedisMembershipTable(
            new RedisMembershipOptions { ConnectionString = $"127.0.0.1:{proxy.Port}", OperationTimeout = TimeSpan.FromMilliseconds(300) },
            ServiceId,
            ClusterId));
        await table.InitializeAsync(Ct);
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));

        proxy.Stall();
        var error = await Assert.ThrowsAsync<MembershipTableException>(() => table.ReadAllAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("HGETALL failed: no answer within 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{proxy.Port}", error.Message, StringComparison.Ordinal);

        proxy.Resume();
        await Eventually.True(async () => await AnswersAsync(table), "the table answers again");
        await table.DeleteClusterAsync(Ct);
    }

    [Fact]
    public async Task UsingTheTableBeforeInitializeFailsClearly()
    {
        var table = Track(CreateTable(ClusterId));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.InsertRowAsync(Entry(1), 0, Ct));

        Assert.Contains("InitializeAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneHashPerClusterHoldsTheVersionTheRowsAndTheHeartbeats()
    {
        var table = (RedisMembershipTable)await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));
        Assert.True(await table.InsertRowAsync(Entry(2), 1, Ct));
        await table.UpdateIAmAliveAsync(Address(2), T0.AddSeconds(3), Ct);

        var key = $"orleansbackend:{ServiceId}:{ClusterId}:members";
        Assert.Equal(key, table.Key);
        var (type, hash) = await WithRedisAsync(async redis => (await redis.KeyTypeAsync(key), await redis.HashGetAllAsync(key)));
        Assert.Equal(RedisType.Hash, type);
        var fields = hash.ToDictionary(f => (string)f.Name!, f => (string)f.Value!);

        Assert.Equal(["127.0.0.1:1@1795000000001", "127.0.0.1:2@1795000000002", "127.0.0.1:2@1795000000002|alive", "version"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2", fields["version"]);
        using var row = JsonDocument.Parse(fields["127.0.0.1:2@1795000000002"]);
        Assert.Equal(2, row.RootElement.GetProperty("etag").GetInt64());
        Assert.Equal("Active", row.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ACorruptFieldIsReportedByName()
    {
        var table = await TableAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));
        await WithRedisAsync(redis => redis.HashSetAsync(((RedisMembershipTable)table).Key, "10.0.0.9:1@5", "{not json"));

        var error = await Assert.ThrowsAsync<MembershipTableException>(() => table.ReadAllAsync(Ct));

        Assert.Contains("10.0.0.9:1@5", error.Message, StringComparison.Ordinal);
    }

    private async Task<bool> AnswersAsync(IMembershipTable table)
    {
        try
        {
            return (await table.ReadAllAsync(Ct)).Entries.Count == 1;
        }
        catch (MembershipTableException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="body"/> on a plain connection to the test Redis.</summary>
    private static async Task<T> WithRedisAsync<T>(Func<IDatabase, Task<T>> body)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        try
        {
            return await body(redis.GetDatabase());
        }
        finally
        {
            redis.Close(allowCommandsToComplete: false);
            redis.Dispose();
        }
    }

    [Theory]
    [InlineData("", "Cluster:Membership:ConnectionString")]
    [InlineData("127.0.0.1:6379,nonsense=1", "Cluster:Membership:ConnectionString")]
    public void ABadConnectionStringIsRejectedByKey(string connectionString, string key)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new RedisMembershipTable(new RedisMembershipOptions { ConnectionString = connectionString }, ServiceId, ClusterId));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadTimeoutsAndPrefixAreRejectedByKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new RedisMembershipTable(
            new RedisMembershipOptions
            {
                ConnectionString = "127.0.0.1:6379",
                KeyPrefix = "has space",
                ConnectTimeout = TimeSpan.Zero,
                OperationTimeout = TimeSpan.FromHours(1),
            },
            ServiceId,
            ClusterId));

        Assert.Contains("Cluster:Membership:KeyPrefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:Membership:ConnectTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:Membership:OperationTimeout", error.Message, StringComparison.Ordinal);
    }
}
