using Microsoft.Extensions.Options;
using Npgsql;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Membership.Postgres;
using OrleansBackend.Tests.Infrastructure;
using static OrleansBackend.Tests.Membership.MembershipTestData;

namespace OrleansBackend.Tests.Membership;

/// <summary>The PostgreSQL table against the shared semantics, plus connecting and creating the schema.</summary>
public sealed class PostgresMembershipTableTests : MembershipTableConformanceTests
{
    protected override IMembershipTable CreateTable(string clusterId) =>
        new PostgresMembershipTable(new PostgresMembershipOptions { ConnectionString = TestServers.Postgres }, ServiceId, clusterId);

    [Fact]
    public async Task AnUnreachableServerFailsFastWithAClearMessage()
    {
        var port = ClosedPort();
        var table = Track(new PostgresMembershipTable(
            new PostgresMembershipOptions { ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres", ConnectTimeout = TimeSpan.FromSeconds(1) },
            ServiceId,
            ClusterId));

        // The deadline only catches a hang; the table gives up after its one-second connect timeout.
        var error = await Assert.ThrowsAsync<MembershipTableException>(() => table.InitializeAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains("PostgreSQL", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("initialize", error.Message, StringComparison.Ordinal);

        var read = await Assert.ThrowsAsync<MembershipTableException>(() => table.ReadAllAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("read failed", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatNeverAnswersFailsWithinTheConnectTimeout()
    {
        await using var blackHole = new StallingTcpProxy(target: null);
        var table = Track(new PostgresMembershipTable(
            new PostgresMembershipOptions { ConnectionString = $"Host=127.0.0.1;Port={blackHole.Port};Username=postgres", ConnectTimeout = TimeSpan.FromSeconds(1) },
            ServiceId,
            ClusterId));

        var error = await Assert.ThrowsAsync<MembershipTableException>(() => table.InitializeAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains($"127.0.0.1:{blackHole.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("initialize (create tables) failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatStopsAnsweringFailsTheCallAndTheTableRecovers()
    {
        var upstream = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
        await using var proxy = new StallingTcpProxy($"{upstream.Host}:{upstream.Port}");
        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        // Not InitializedAsync: its cleanup would run after the proxy is gone.
        var table = Track(new PostgresMembershipTable(
            new PostgresMembershipOptions { ConnectionString = connectionString, ConnectTimeout = TimeSpan.FromSeconds(1), CommandTimeout = TimeSpan.FromSeconds(1) },
            ServiceId,
            ClusterId));
        await table.InitializeAsync(Ct);
        Assert.True(await table.InsertRowAsync(Entry(1), 0, Ct));

        proxy.Stall();
        var error = await Assert.ThrowsAsync<MembershipTableException>(() => table.ReadAllAsync(Ct).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("read failed: no answer within 2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{proxy.Port}", error.Message, StringComparison.Ordinal);

        proxy.Resume();
        await Eventually.True(
            async () =>
            {
                try
                {
                    return (await table.ReadAllAsync(Ct)).Entries.Count == 1;
                }
                catch (MembershipTableException)
                {
                    return false;
                }
            },
            "the table answers again");
        await table.DeleteClusterAsync(Ct);
    }

    [Fact]
    public async Task SilosStartingAtOnceCreateTheSchemaInAFreshDatabase()
    {
        var database = "membership_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(TestServers.Postgres, $"CREATE DATABASE {database}");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Database = database }.ConnectionString;
            var tables = Enumerable.Range(0, 6)
                .Select(i => new PostgresMembershipTable(new PostgresMembershipOptions { ConnectionString = connectionString }, ServiceId, i < 3 ? ClusterId : ClusterId + "-b"))
                .ToList();
            try
            {
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var starting = tables.Select(t => Task.Run(async () =>
                {
                    await start.Task;
                    await t.InitializeAsync(Ct);
                })).ToList();
                start.SetResult();
                await Task.WhenAll(starting);

                Assert.True(await tables[0].InsertRowAsync(Entry(1), 0, Ct));
                Assert.Equal(1, (await tables[1].ReadAllAsync(Ct)).Version);
                Assert.Empty((await tables[5].ReadAllAsync(Ct)).Entries);
            }
            finally
            {
                foreach (var table in tables)
                {
                    await table.DisposeAsync();
                }
            }
        }
        finally
        {
            await ExecuteAsync(TestServers.Postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    [Fact]
    public void BadOptionsAreRejectedByKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new PostgresMembershipTable(
            new PostgresMembershipOptions
            {
                ConnectionString = "Host=127.0.0.1;Nonsense=1",
                ConnectTimeout = TimeSpan.FromMilliseconds(10),
                CommandTimeout = TimeSpan.FromHours(1),
                MaxPoolSize = 0,
            },
            ServiceId,
            ClusterId));

        Assert.Contains("Cluster:Membership:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:Membership:ConnectTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:Membership:CommandTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster:Membership:MaxPoolSize", error.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
