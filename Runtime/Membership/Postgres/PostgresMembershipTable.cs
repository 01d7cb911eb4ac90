using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace OrleansBackend.Runtime.Membership.Postgres;

/// <summary>
/// The membership table in PostgreSQL: a version row per (service id, cluster id) in
/// <c>orleansbackend_membership_version</c> and one row per silo with an integer etag in <c>orleansbackend_membership</c>.
/// An insert or update runs in one transaction: it bumps the version row only if it still holds the expected version,
/// then writes the silo's row (an insert only if the row is missing, an update only if the etag matches), and rolls
/// back unless both touched exactly one row. Heartbeats write only the heartbeat column. Times are stored as
/// <c>timestamptz</c> (UTC, microsecond precision). Every operation fails with a <see cref="MembershipTableException"/>
/// within the connect timeout plus the command timeout.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly string _clusterId;
    private readonly string _server;
    private readonly TimeSpan _operationDeadline;

    /// <summary>Creates the table; nothing connects until the first call (normally <see cref="InitializeAsync"/>).</summary>
    /// <param name="options">The connection string, timeouts and pool size.</param>
    /// <param name="serviceId">The service id (part of every row's key).</param>
    /// <param name="clusterId">The cluster id (part of every row's key): each cluster has its own version row and silos.</param>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names the key.</exception>
    public PostgresMembershipTable(PostgresMembershipOptions options, string serviceId, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var validation = new PostgresMembershipOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgresMembershipOptions), validation.Failures);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            MinPoolSize = 0,
            Timeout = (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds),
            CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        };
        _server = string.Create(CultureInfo.InvariantCulture, $"{connectionString.Host}:{connectionString.Port}/{connectionString.Database ?? connectionString.Username}");
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _operationDeadline = options.ConnectTimeout + options.CommandTimeout;
        _serviceId = serviceId;
        _clusterId = clusterId;
    }

    private string Description => $"PostgreSQL membership table (PostgreSQL at {_server}, cluster '{_serviceId}/{_clusterId}')";

    /// <summary>
    /// Creates the tables if missing and this cluster's version row; safe when several silos call it at once, and
    /// idempotent. Fails with a <see cref="MembershipTableException"/> naming the server when it cannot be reached.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        RunAsync("initialize (create tables)", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = Command(connection, PostgresMembershipSql.CreateSchema, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken) =>
        RunAsync("read", async connection =>
        {
            await using var command = Command(connection, PostgresMembershipSql.ReadAll);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var version = 0L;
            var rows = new List<MembershipTableRow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    rows.Add(ReadRow(reader));
                }
            }

            return new MembershipTableSnapshot(version, rows);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return expectedVersion < 0
            ? Task.FromResult(false)
            : WriteConditionallyAsync("insert", entry, expectedVersion, PostgresMembershipSql.InsertRow, etag: null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return expectedVersion < 0 || !long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expectedEtag)
            ? Task.FromResult(false)
            : WriteConditionallyAsync("update", entry, expectedVersion, PostgresMembershipSql.UpdateRow, expectedEtag, cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        return RunAsync("heartbeat", async connection =>
        {
            await using var command = Command(connection, PostgresMembershipSql.UpdateIAmAlive);
            command.Parameters.AddWithValue("address", address.ToParsableString());
            command.Parameters.AddWithValue("i_am_alive_time", iAmAliveTime.ToUniversalTime());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> CleanupDefunctEntriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        RunAsync("cleanup", async connection =>
        {
            await using var command = Command(connection, PostgresMembershipSql.CleanupDefunct);
            command.Parameters.AddWithValue("dead_status", SiloStatus.Dead.ToString());
            command.Parameters.AddWithValue("older_than", olderThan.ToUniversalTime());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteClusterAsync(CancellationToken cancellationToken) =>
        RunAsync("delete cluster", async connection =>
        {
            await using var command = Command(connection, PostgresMembershipSql.DeleteCluster);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Closes the pool's connections.</summary>
    public void Dispose() => _dataSource.Dispose();

    /// <summary>Closes the pool's connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private Task<bool> WriteConditionallyAsync(
        string what,
        MembershipEntry entry,
        long expectedVersion,
        string rowSql,
        long? etag,
        CancellationToken cancellationToken) =>
        RunAsync(what, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // The version row first: concurrent writers of one cluster queue on its row lock, and after the winner
            // commits the others re-check "version = expected", find it moved on and touch no row.
            await using (var bump = Command(connection, expectedVersion == 0 ? PostgresMembershipSql.BumpVersionFromZero : PostgresMembershipSql.BumpVersion, transaction))
            {
                if (expectedVersion != 0)
                {
                    bump.Parameters.AddWithValue("expected_version", expectedVersion);
                }

                if (await bump.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }
            }

            await using (var write = Command(connection, rowSql, transaction))
            {
                AddRowParameters(write, entry, newEtag: expectedVersion + 1);
                if (etag is { } expectedEtag)
                {
                    write.Parameters.AddWithValue("etag", expectedEtag);
                }

                if (await write.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        return command;
    }

    private static void AddRowParameters(NpgsqlCommand command, MembershipEntry entry, long newEtag)
    {
        var suspicions = entry.Suspicions.Select(v => new PostgresSuspectVote(v.Voter.ToParsableString(), v.Time)).ToList();
        command.Parameters.AddWithValue("address", entry.Address.ToParsableString());
        command.Parameters.AddWithValue("silo_name", entry.SiloName);
        command.Parameters.AddWithValue("status", entry.Status.ToString());
        command.Parameters.AddWithValue("gateway_port", entry.GatewayPort);
        command.Parameters.AddWithValue("management_port", entry.ManagementPort);
        command.Parameters.AddWithValue("start_time", entry.StartTime.ToUniversalTime());
        command.Parameters.AddWithValue("i_am_alive_time", entry.IAmAliveTime.ToUniversalTime());
        command.Parameters.AddWithValue(
            "suspicions",
            NpgsqlDbType.Jsonb,
            JsonSerializer.Serialize(suspicions, PostgresMembershipJsonContext.Default.ListPostgresSuspectVote));
        command.Parameters.AddWithValue("new_etag", newEtag);
    }

    private MembershipTableRow ReadRow(NpgsqlDataReader reader)
    {
        var address = reader.GetString(1);
        try
        {
            var votes = JsonSerializer.Deserialize(reader.GetString(8), PostgresMembershipJsonContext.Default.ListPostgresSuspectVote) ?? [];
            var entry = new MembershipEntry
            {
                Address = SiloAddress.Parse(address),
                SiloName = reader.GetString(2),
                Status = Enum.Parse<SiloStatus>(reader.GetString(3)),
                GatewayPort = reader.GetInt32(4),
                ManagementPort = reader.GetInt32(5),
                StartTime = reader.GetFieldValue<DateTimeOffset>(6),
                IAmAliveTime = reader.GetFieldValue<DateTimeOffset>(7),
                Suspicions = votes.Select(v => new SuspectVote(SiloAddress.Parse(v.Voter), v.Time)).ToList(),
            };
            return new MembershipTableRow(entry, reader.GetInt64(9).ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new MembershipTableException($"{Description}: the row of '{address}' cannot be read: {e.Message}", e);
        }
    }

    private async Task<T> RunAsync<T>(string what, Func<NpgsqlConnection, Task<T>> operation, CancellationToken cancellationToken)
    {
        var running = ExecuteAsync(operation, cancellationToken);
        try
        {
            // Npgsql's own timeouts apply per network read, and a timed-out command first tries to cancel on the server
            // (another connection, another wait): against a server that stopped answering that adds up to several
            // timeouts. This bounds the whole operation.
            return await running.WaitAsync(_operationDeadline, cancellationToken);
        }
        catch (TimeoutException) when (!running.IsCompleted)
        {
            _ = running.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new MembershipTableException(string.Create(
                CultureInfo.InvariantCulture,
                $"{Description}: {what} failed: no answer within {_operationDeadline.TotalSeconds:0.###} s."));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{e.Message} ({inner.Message})"
                : e.Message;
            throw new MembershipTableException($"{Description}: {what} failed: {reason}", e);
        }
    }

    private async Task<T> ExecuteAsync<T>(Func<NpgsqlConnection, Task<T>> operation, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await operation(connection);
    }
}
