using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansBackend.Tests.Persistence.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server of the test's own (same commands as scripts/test.sh), on a free loopback port,
/// so the test may stop and start it without hurting the others. Fails when PostgreSQL is not installed.
/// </summary>
public sealed class DedicatedPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;

    private DedicatedPostgres(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    public static async Task<DedicatedPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version(0, 0)).Select(d => Path.Combine(d, "bin")).LastOrDefault(Directory.Exists)
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL binaries are not installed under /usr/lib/postgresql/*/bin: run the tests with scripts/test.sh, which installs them.");
        }

        var directory = Path.Combine(Path.GetTempPath(), "ob-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var server = new DedicatedPostgres(bin, directory, FreePort());
        await server.RunAsync($"install -d -m 755 '{directory}' && install -d -m 700 {OwnerFlags()} '{directory}/pg'");
        await server.RunAsPostgresAsync($"'{bin}/initdb' -D '{directory}/pg/data' -A trust -U postgres --no-sync");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Kills the server as a crash would (immediate shutdown: no checkpoint, recovery on the next start).</summary>
    public Task CrashAsync() => RunAsPostgresAsync($"'{_bin}/pg_ctl' -D '{_directory}/pg/data' -m immediate -w stop");

    public Task StartAgainAsync() =>
        RunAsPostgresAsync($"'{_bin}/pg_ctl' -D '{_directory}/pg/data' -l '{_directory}/pg/server.log' -w -t 60 -o \"-p {Port} -k {_directory}/pg -c listen_addresses=127.0.0.1\" start");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync($"'{_bin}/pg_ctl' -D '{_directory}/pg/data' -m immediate -w stop || true");
        }
        finally
        {
            await RunAsync($"rm -rf '{_directory}'");
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string OwnerFlags() => IsRoot ? "-o postgres -g postgres" : string.Empty;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsPostgresAsync(string command) =>
        RunAsync(IsRoot ? $"runuser -u postgres -- bash -c \"{command.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : command);

    private async Task RunAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {await error} {await output}");
        }
    }
}
