using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using OrleansBackend.Bench.Processes;

namespace OrleansBackend.Bench.Storage;

/// <summary>
/// PostgreSQL's own benchmark as the yardstick for grain writes: single-row UPDATEs of pgbench_accounts by many
/// clients, each its own committed transaction (fsync as configured on the server), in a database of its own on the
/// same server, right after the grain run. Its rate is what the server commits when nothing but SQL is in the way.
/// </summary>
public static partial class Pgbench
{
    private const string Script = "\\set aid random(1, 100000 * :scale)\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n";

    /// <summary>Runs pgbench for <paramref name="seconds"/> with <paramref name="clients"/> clients; returns its tps, or null with the reason.</summary>
    public static async Task<(double? Tps, string? Problem)> RunAsync(string serverConnection, int clients, int seconds, CancellationToken cancellationToken)
    {
        if (Shell.PostgresBin() is not { } bin || !File.Exists(Path.Combine(bin, "pgbench")))
        {
            return (null, "pgbench is not installed (apt-get install postgresql)");
        }

        var server = new NpgsqlConnectionStringBuilder(serverConnection);
        var database = $"bench_pgbench_{Guid.NewGuid():N}"[..30];
        var work = Path.Combine(Path.GetTempPath(), database);
        Directory.CreateDirectory(work);
        var script = Path.Combine(work, "update.sql");
        await File.WriteAllTextAsync(script, Script, cancellationToken);
        string[] target = ["-h", server.Host ?? "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username ?? "postgres"];
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = server.Password ?? string.Empty };
        await ExecuteAsync(serverConnection, $"CREATE DATABASE {database}", cancellationToken);
        try
        {
            var (code, output) = await Shell.RunAsync(Path.Combine(bin, "pgbench"), ["-i", "-q", "-s", "1", .. target, database], environment, TimeSpan.FromMinutes(2));
            if (code != 0)
            {
                return (null, "pgbench -i failed: " + output);
            }

            (code, output) = await Shell.RunAsync(
                Path.Combine(bin, "pgbench"),
                ["-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
                 "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, .. target, database],
                environment,
                TimeSpan.FromSeconds(seconds + 120));
            return code == 0 && TpsLine().Match(output) is { Success: true } match
                ? (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), null)
                : (null, "pgbench failed: " + output);
        }
        finally
        {
            await ExecuteAsync(serverConnection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None);
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
