namespace OrleansBackend.Bench.Processes;

/// <summary>
/// Starts the HTTP servers a comparison measures, each as its own process on loopback with the same logging level
/// (warnings only) and no rate limits, so the figures compare the designs and not their configuration.
/// </summary>
public static class ServerTargets
{
    /// <summary>
    /// Our Api in its embedded mode (one process, one silo: embedded-silo.json) with grain state, reminders and the
    /// <c>Events</c> stream (Orleans.Streaming.AdoNet) in the PostgreSQL database <paramref name="postgres"/>, its
    /// silo on a free loopback port.
    /// </summary>
    public static Task<ChildProcess> StartOursAsync(int port, string postgres, string work, CancellationToken cancellationToken, IEnumerable<string>? extraArguments = null)
    {
        RepoPaths.Require(RepoPaths.ApiDll);
        return StartAsync("ours", RepoPaths.ApiDll, port, "/health/ready", work, cancellationToken, [
            "--Cluster:Mode=Embedded",
            "--ConnectionStrings:orleans=" + postgres,
            "--Orleans:GrainStorage:Default:ProviderType=PostgresGroupCommit",
            "--Orleans:Reminders:Invariant=Npgsql",
            "--Orleans:Streaming:Events:ProviderType=AdoNet",
            "--Orleans:Streaming:Events:Invariant=Npgsql",
            "--Orleans:Endpoints:SiloPort=" + FreePorts.Take(1)[0],
            "--RateLimiting:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:FormatterName=simple",
            .. extraArguments ?? []]);
    }

    /// <summary>The stateless baseline (Bench/Baseline): sessions in Redis, money in PostgreSQL.</summary>
    public static Task<ChildProcess> StartBaselineAsync(int port, string postgres, string redis, string schema, string work, CancellationToken cancellationToken)
    {
        RepoPaths.Require(RepoPaths.BaselineDll);
        return StartAsync("baseline", RepoPaths.BaselineDll, port, "/health/live", work, cancellationToken, [
            "--Baseline:Postgres=" + postgres,
            "--Baseline:Redis=" + redis,
            "--Baseline:Schema=" + schema]);
    }

    /// <summary>The ceiling: a bare Kestrel endpoint answering a balance read's JSON from a constant.</summary>
    public static Task<ChildProcess> StartCeilingAsync(int port, string work, CancellationToken cancellationToken)
    {
        RepoPaths.Require(RepoPaths.BaselineDll);
        return StartAsync("ceiling", RepoPaths.BaselineDll, port, "/health/live", work, cancellationToken, ["--Baseline:Mode=ceiling"]);
    }

    private static async Task<ChildProcess> StartAsync(string name, string dll, int port, string probe, string work, CancellationToken cancellationToken, string[] settings)
    {
        var directory = Path.Combine(work, name);
        Directory.CreateDirectory(directory);
        var process = ChildProcess.Start(name, "dotnet", [dll, "--urls", $"http://127.0.0.1:{port}", .. settings], directory, Path.Combine(work, name + ".log"));
        try
        {
            await process.WaitReadyAsync($"http://127.0.0.1:{port}{probe}", TimeSpan.FromSeconds(90), cancellationToken);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
