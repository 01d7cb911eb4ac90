using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OrleansBackend.Runtime.Membership.Redis;

/// <summary>
/// The membership table in Redis, after Orleans' Redis clustering. One hash per cluster, key
/// <c>{KeyPrefix}:{serviceId}:{clusterId}:members</c>, holding a <c>version</c> field (absent means version 0), one
/// field per silo (<c>host:port@generation</c> → the row as JSON, including its etag) and one heartbeat field per
/// silo (<c>host:port@generation|alive</c>). Inserts and updates are MULTI transactions conditional on the version
/// field and on the silo's field, and they set the next version in the same transaction. A heartbeat writes only the
/// heartbeat field, so the stored row — and with it the etag that a conditional update checks — changes only on
/// conditional writes.
/// </summary>
public sealed partial class RedisMembershipTable : IMembershipTable, IAsyncDisposable, IDisposable
{
    private const string VersionField = "version";
    private const string AliveSuffix = "|alive";

    // Writes the heartbeat only if the silo's row exists, atomically, so a late heartbeat never recreates a deleted silo.
    private const string HeartbeatScript =
        "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) return 1 end return 0";

    private readonly string _connectionString;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _operationTimeout;
    private readonly string _server;
    private readonly ILogger _logger;
    private readonly object _connectLock = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private volatile ConnectionMultiplexer? _multiplexer;
    private volatile bool _disposed;

    /// <summary>Creates the table; it connects in <see cref="InitializeAsync"/>.</summary>
    /// <param name="options">The connection string, key prefix and timeouts.</param>
    /// <param name="serviceId">The service id (part of the key).</param>
    /// <param name="clusterId">The cluster id (part of the key): each cluster has its own hash.</param>
    /// <param name="logger">Logs connection loss and recovery.</param>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names the key.</exception>
    public RedisMembershipTable(RedisMembershipOptions options, string serviceId, string clusterId, ILogger<RedisMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var validation = new RedisMembershipOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RedisMembershipOptions), validation.Failures);
        }

        _connectionString = options.ConnectionString;
        _connectTimeout = options.ConnectTimeout;
        _operationTimeout = options.OperationTimeout;
        _logger = logger ?? NullLogger<RedisMembershipTable>.Instance;
        Key = $"{options.KeyPrefix}:{serviceId}:{clusterId}:members";
        var parsed = ConfigurationOptions.Parse(_connectionString);
        parsed.SetDefaultPorts();
        _server = string.Join(", ", parsed.EndPoints.Select(FormatEndPoint));
    }

    /// <summary>The key of the cluster's hash.</summary>
    public string Key { get; }

    private string Description => $"Redis membership table (Redis at {_server}, key '{Key}')";

    /// <summary>
    /// Connects to Redis, once: concurrent calls share one attempt and later calls return at once. Fails with a
    /// <see cref="MembershipTableException"/> naming the server when no connection is made within the connect timeout.
    /// A failed attempt is not remembered: calling again tries again.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_connectLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                // Not tied to one caller's token: others may share the attempt, and the connect timeout bounds it.
                _connecting = Task.Run(ConnectAsync);
            }

            connecting = _connecting;
        }

        _multiplexer = await connecting.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        var fields = await RunAsync(Database().HashGetAllAsync(Key), "HGETALL", cancellationToken);
        var state = ParseHash(fields);
        var rows = state.Rows
            .Select(r => new MembershipTableRow(
                r.Value.Row.ToEntry(state.Heartbeats.TryGetValue(r.Key, out var heartbeat) ? heartbeat : null),
                r.Value.Row.Etag.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        return new MembershipTableSnapshot(state.Version, rows);
    }

    /// <inheritdoc />
    public async Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var database = Database();
        if (expectedVersion < 0)
        {
            return false;
        }

        var field = entry.Address.ToParsableString();
        var value = Serialize(RedisMembershipRow.FromEntry(entry, expectedVersion + 1));
        var deadline = Stopwatch.GetTimestamp() + ToTicks(_operationTimeout);
        while (true)
        {
            var transaction = database.CreateTransaction();
            var versionMatches = transaction.AddCondition(VersionCondition(expectedVersion));
            var rowMissing = transaction.AddCondition(Condition.HashNotExists(Key, field));
            _ = transaction.HashSetAsync(Key, field, value);
            _ = transaction.HashDeleteAsync(Key, field + AliveSuffix);
            _ = transaction.HashSetAsync(Key, VersionField, (expectedVersion + 1).ToString(CultureInfo.InvariantCulture));
            if (await RunAsync(transaction.ExecuteAsync(), "insert (MULTI/EXEC)", cancellationToken))
            {
                return true;
            }

            if (!versionMatches.WasSatisfied || !rowMissing.WasSatisfied || !RetryAfterConcurrentWrite(deadline, "insert", field))
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var database = Database();
        if (expectedVersion < 0 || !long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expectedEtag))
        {
            return false;
        }

        var field = entry.Address.ToParsableString();
        var value = Serialize(RedisMembershipRow.FromEntry(entry, expectedVersion + 1));
        var deadline = Stopwatch.GetTimestamp() + ToTicks(_operationTimeout);
        while (true)
        {
            // The etag sits inside the stored row; the transaction then requires that exact stored value, which only
            // conditional writes change (heartbeats go to their own field).
            var current = await RunAsync(database.HashGetAsync(Key, field), "HGET", cancellationToken);
            if (current.IsNull || Deserialize(current, field).Etag != expectedEtag)
            {
                return false;
            }

            var transaction = database.CreateTransaction();
            var versionMatches = transaction.AddCondition(VersionCondition(expectedVersion));
            var rowUnchanged = transaction.AddCondition(Condition.HashEqual(Key, field, current));
            _ = transaction.HashSetAsync(Key, field, value);
            _ = transaction.HashDeleteAsync(Key, field + AliveSuffix);
            _ = transaction.HashSetAsync(Key, VersionField, (expectedVersion + 1).ToString(CultureInfo.InvariantCulture));
            if (await RunAsync(transaction.ExecuteAsync(), "update (MULTI/EXEC)", cancellationToken))
            {
                return true;
            }

            if (!versionMatches.WasSatisfied || !rowUnchanged.WasSatisfied || !RetryAfterConcurrentWrite(deadline, "update", field))
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(SiloAddress address, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var field = address.ToParsableString();
        await RunAsync(
            Database().ScriptEvaluateAsync(
                HeartbeatScript,
                [Key],
                [field, field + AliveSuffix, iAmAliveTime.ToString("O", CultureInfo.InvariantCulture)]),
            "heartbeat (EVAL)",
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> CleanupDefunctEntriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var database = Database();
        var deadline = Stopwatch.GetTimestamp() + ToTicks(_operationTimeout);
        while (true)
        {
            var state = ParseHash(await RunAsync(database.HashGetAllAsync(Key), "HGETALL", cancellationToken));
            var defunct = state.Rows
                .Where(r => r.Value.Row.Status == SiloStatus.Dead
                    && (state.Heartbeats.TryGetValue(r.Key, out var heartbeat) ? heartbeat : r.Value.Row.IAmAliveTime) < olderThan)
                .ToList();
            if (defunct.Count == 0)
            {
                return 0;
            }

            // Each row is deleted only if it is still the dead row read above; no version change, as in memory.
            var transaction = database.CreateTransaction();
            foreach (var (field, row) in defunct)
            {
                transaction.AddCondition(Condition.HashEqual(Key, field, row.Raw));
                _ = transaction.HashDeleteAsync(Key, [field, field + AliveSuffix]);
            }

            if (await RunAsync(transaction.ExecuteAsync(), "cleanup (MULTI/EXEC)", cancellationToken))
            {
                return defunct.Count;
            }

            if (!RetryAfterConcurrentWrite(deadline, "cleanup", Key))
            {
                return 0;
            }
        }
    }

    /// <inheritdoc />
    public async Task DeleteClusterAsync(CancellationToken cancellationToken) =>
        await RunAsync(Database().KeyDeleteAsync(Key), "DEL", cancellationToken);

    private Condition VersionCondition(long expectedVersion) =>
        expectedVersion == 0
            ? Condition.HashNotExists(Key, VersionField)
            : Condition.HashEqual(Key, VersionField, expectedVersion.ToString(CultureInfo.InvariantCulture));

    private bool RetryAfterConcurrentWrite(long deadline, string operation, string field)
    {
        // Every condition held, yet EXEC was refused: another client wrote to the hash (often a heartbeat) between
        // WATCH and EXEC. The conditions are checked again on the next attempt, so a real conflict still fails.
        if (Stopwatch.GetTimestamp() < deadline)
        {
            return true;
        }

        _logger.LogWarning("{Table}: {Operation} of {Field} kept losing to concurrent writes for {Timeout}; reporting it as a failed condition.", Description, operation, field, Seconds(_operationTimeout));
        return false;
    }

    private async Task<T> RunAsync<T>(Task<T> operation, string what, CancellationToken cancellationToken)
    {
        try
        {
            // StackExchange.Redis 1.2.6 has no timeout for async commands: bound them here.
            return await operation.WaitAsync(_operationTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or RedisException)
        {
            var reason = e is TimeoutException && e is not RedisException ? $"no answer within {Seconds(_operationTimeout)}" : e.Message;
            throw new MembershipTableException($"{Description}: {what} failed: {reason}", e);
        }
    }

    private HashState ParseHash(HashEntry[] fields)
    {
        var version = 0L;
        var rows = new Dictionary<string, (RedisMembershipRow Row, RedisValue Raw)>(StringComparer.Ordinal);
        var heartbeats = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var name = (string)field.Name!;
            if (name == VersionField)
            {
                if (!long.TryParse((string?)field.Value, NumberStyles.None, CultureInfo.InvariantCulture, out version))
                {
                    throw new MembershipTableException($"{Description}: field '{VersionField}' holds '{field.Value}', not a version number.");
                }
            }
            else if (name.EndsWith(AliveSuffix, StringComparison.Ordinal))
            {
                if (!DateTimeOffset.TryParseExact((string?)field.Value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var heartbeat))
                {
                    throw new MembershipTableException($"{Description}: field '{name}' holds '{field.Value}', not a heartbeat time.");
                }

                heartbeats[name[..^AliveSuffix.Length]] = heartbeat;
            }
            else
            {
                rows[name] = (Deserialize(field.Value, name), field.Value);
            }
        }

        return new HashState(version, rows, heartbeats);
    }

    private RedisMembershipRow Deserialize(RedisValue value, string field)
    {
        try
        {
            return JsonSerializer.Deserialize((string)value!, RedisMembershipJsonContext.Default.RedisMembershipRow)
                ?? throw new JsonException("the row is null");
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            throw new MembershipTableException($"{Description}: field '{field}' does not hold a membership row: {e.Message}", e);
        }
    }

    private static string Serialize(RedisMembershipRow row) =>
        JsonSerializer.Serialize(row, RedisMembershipJsonContext.Default.RedisMembershipRow);

    private static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###} s");

    private static long ToTicks(TimeSpan value) => (long)(value.TotalSeconds * Stopwatch.Frequency);

    private sealed record HashState(
        long Version,
        Dictionary<string, (RedisMembershipRow Row, RedisValue Raw)> Rows,
        Dictionary<string, DateTimeOffset> Heartbeats);
}
