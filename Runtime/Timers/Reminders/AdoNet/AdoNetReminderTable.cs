using System.Data.Common;
using System.Globalization;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Persistence.AdoNet;

namespace OrleansBackend.Runtime.Timers.Reminders.AdoNet;

/// <summary>
/// The reminder table in the grain-state database (table <c>reminders</c>, created by migration 2 of each
/// dialect). The SQL is the same for PostgreSQL and SQLite; writes go through the database's writer, so on
/// SQLite they take turns with group commit.
/// </summary>
internal sealed class AdoNetReminderTable : IReminderTable
{
    private const string Columns = "SELECT grain_type, grain_key, reminder_name, start_at_ms, period_ms, last_tick_ms, version FROM reminders ";
    private const string KeyFilter = "service_id = @service AND grain_type = @type AND grain_key = @key AND reminder_name = @name";

    private const string UpsertSql =
        "INSERT INTO reminders (service_id, grain_type, grain_key, reminder_name, grain_hash, start_at_ms, period_ms, last_tick_ms, version) " +
        "VALUES (@service, @type, @key, @name, @hash, @start, @period, NULL, 1) " +
        "ON CONFLICT (service_id, grain_type, grain_key, reminder_name) DO UPDATE SET " +
        "start_at_ms = excluded.start_at_ms, period_ms = excluded.period_ms, last_tick_ms = NULL, version = reminders.version + 1 " +
        "RETURNING version";

    private readonly AdoNetDatabase _database;

    public AdoNetReminderTable(AdoNetDatabase database)
    {
        _database = database;
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(
            "reading reminders",
            (connection, token) =>
            {
                var command = Command(connection, Columns + "WHERE service_id = @service");
                return ReadEntriesAsync(command, token);
            },
            cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken) =>
        _database.ReadAsync(
            "reading reminders",
            (connection, token) =>
            {
                var command = Command(connection, Columns + "WHERE service_id = @service AND grain_type = @type AND grain_key = @key");
                Add(command, "@type", grainId.Type);
                Add(command, "@key", grainId.Key);
                return ReadEntriesAsync(command, token);
            },
            cancellationToken);

    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await _database.ReadAsync(
            "reading a reminder",
            (connection, token) => ReadEntriesAsync(KeyCommand(connection, Columns + "WHERE " + KeyFilter, grainId, reminderName), token),
            cancellationToken);
        return rows.Count > 0 ? rows[0] : null;
    }

    public Task<string> UpsertRowAsync(GrainId grainId, string reminderName, DateTimeOffset startAt, TimeSpan period, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            "registering a reminder",
            async (connection, token) =>
            {
                await using var command = KeyCommand(connection, UpsertSql, grainId, reminderName);
                Add(command, "@hash", unchecked((long)grainId.UniformHash));
                Add(command, "@start", startAt.ToUnixTimeMilliseconds());
                Add(command, "@period", (long)period.TotalMilliseconds);
                var version = Convert.ToInt64(await command.ExecuteScalarAsync(token), CultureInfo.InvariantCulture);
                return version.ToString(CultureInfo.InvariantCulture);
            },
            cancellationToken);

    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string? eTag, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            "removing a reminder",
            async (connection, token) =>
            {
                await using var command = KeyCommand(connection, "DELETE FROM reminders WHERE " + KeyFilter + (eTag is null ? string.Empty : " AND version = @version"), grainId, reminderName);
                if (eTag is not null)
                {
                    Add(command, "@version", Version(eTag));
                }

                return await command.ExecuteNonQueryAsync(token) > 0;
            },
            cancellationToken);

    public Task<bool> RecordTickAsync(GrainId grainId, string reminderName, string eTag, DateTimeOffset tickTime, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            "recording a reminder tick",
            async (connection, token) =>
            {
                // Only ever moves forward, and only for the registration that was delivered.
                await using var command = KeyCommand(
                    connection,
                    "UPDATE reminders SET last_tick_ms = CASE WHEN last_tick_ms IS NULL OR last_tick_ms < @tick THEN @tick ELSE last_tick_ms END " +
                    "WHERE " + KeyFilter + " AND version = @version",
                    grainId,
                    reminderName);
                Add(command, "@tick", tickTime.ToUnixTimeMilliseconds());
                Add(command, "@version", Version(eTag));
                return await command.ExecuteNonQueryAsync(token) > 0;
            },
            cancellationToken);

    private static long Version(string eTag) => long.Parse(eTag, NumberStyles.None, CultureInfo.InvariantCulture);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<IReadOnlyList<ReminderEntry>> ReadEntriesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var result = new List<ReminderEntry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(new ReminderEntry(
                    new GrainId(reader.GetString(0), reader.GetString(1)),
                    reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                    reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    reader.GetInt64(6).ToString(CultureInfo.InvariantCulture)));
            }

            return result;
        }
    }

    private DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@service", _database.ServiceId);
        return command;
    }

    private DbCommand KeyCommand(DbConnection connection, string sql, GrainId grainId, string reminderName)
    {
        var command = Command(connection, sql);
        Add(command, "@type", grainId.Type);
        Add(command, "@key", grainId.Key);
        Add(command, "@name", reminderName);
        return command;
    }
}
