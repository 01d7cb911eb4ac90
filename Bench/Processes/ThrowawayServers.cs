using System.Net.Sockets;

namespace OrleansBackend.Bench.Processes;

/// <summary>
/// Redis and PostgreSQL for a benchmark, as scripts/test.sh does it: servers already answering on the ports are
/// used as they are; otherwise throwaway ones start on loopback in a temporary directory (PostgreSQL as the postgres
/// account) and are stopped and deleted at the end. Only the ones started here are stopped.
/// </summary>
public sealed class ThrowawayServers : IAsyncDisposable
{
    private readonly string _work;
    private readonly int _redisPort;
    private bool _startedRedis;
    private bool _startedPostgres;
    private string? _pgBin;

    private ThrowawayServers(string work, int redisPort, int pgPort)
    {
        _work = work;
        _redisPort = redisPort;
        PostgresPort = pgPort;
    }

    public int PostgresPort { get; }

    public string Redis => $"127.0.0.1:{_redisPort}";

    public string Postgres => $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database=postgres";

    public static async Task<ThrowawayServers> StartAsync(int redisPort, int pgPort, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), "orleansbackend-bench." + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        if (!OperatingSystem.IsWindows())
        {
            // The postgres account must reach its directory inside.
            File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        }

        var servers = new ThrowawayServers(work, redisPort, pgPort);
        try
        {
            await servers.StartRedisAsync(cancellationToken);
            await servers.StartPostgresAsync(cancellationToken);
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    private async Task StartRedisAsync(CancellationToken cancellationToken)
    {
        if (await AnswersAsync(_redisPort))
        {
            Console.Error.WriteLine($"using the Redis already on {Redis}");
            return;
        }

        var (code, output) = await Shell.RunAsync("redis-server", [
            "--port", _redisPort.ToString(), "--bind", "127.0.0.1", "--daemonize", "yes", "--save", string.Empty, "--appendonly", "no",
            "--dir", _work, "--pidfile", Path.Combine(_work, "redis.pid"), "--logfile", Path.Combine(_work, "redis.log")]);
        if (code != 0)
        {
            throw new InvalidOperationException("redis-server did not start (apt-get install redis-server?): " + output);
        }

        _startedRedis = true;
        for (var i = 0; i < 100 && !await AnswersAsync(_redisPort); i++)
        {
            await Task.Delay(100, cancellationToken);
        }

        Console.Error.WriteLine($"Redis on {Redis}");
    }

    private async Task StartPostgresAsync(CancellationToken cancellationToken)
    {
        _pgBin = Shell.PostgresBin() ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql).");
        if (await AnswersAsync(PostgresPort))
        {
            Console.Error.WriteLine($"using the PostgreSQL already on 127.0.0.1:{PostgresPort}");
            return;
        }

        var pg = Path.Combine(_work, "pg");
        Directory.CreateDirectory(pg);
        if (Environment.UserName == "root")
        {
            await Shell.RunAsync("chown", ["postgres:postgres", pg]);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pg, (UnixFileMode)0b111_000_000);
        }

        var (code, output) = await Shell.RunAsPostgresAsync(Path.Combine(_pgBin, "initdb"), "-D", Path.Combine(pg, "data"), "-A", "trust", "-U", "postgres", "--no-sync");
        if (code != 0)
        {
            throw new InvalidOperationException("initdb failed: " + output);
        }

        // Durability as shipped (fsync, synchronous_commit on): both systems pay for real commits.
        (code, output) = await Shell.RunAsPostgresAsync(Path.Combine(_pgBin, "pg_ctl"), "-D", Path.Combine(pg, "data"), "-l", Path.Combine(pg, "server.log"), "-w", "-t", "60",
            "-o", $"-p {PostgresPort} -k {pg} -c listen_addresses=127.0.0.1 -c max_connections=300", "start");
        if (code != 0)
        {
            throw new InvalidOperationException("PostgreSQL did not start: " + output);
        }

        _startedPostgres = true;
        cancellationToken.ThrowIfCancellationRequested();
        Console.Error.WriteLine($"PostgreSQL on 127.0.0.1:{PostgresPort}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_startedRedis)
        {
            await Shell.RunAsync("redis-cli", ["-h", "127.0.0.1", "-p", _redisPort.ToString(), "shutdown", "nosave"]);
        }

        if (_startedPostgres && _pgBin is not null)
        {
            await Shell.RunAsPostgresAsync(Path.Combine(_pgBin, "pg_ctl"), "-D", Path.Combine(_work, "pg", "data"), "-m", "fast", "-w", "stop");
        }

        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A server still writing its log; the directory is in /tmp.
        }
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
