using System.Diagnostics;
using OrleansBackend.Hosting.Database;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using TestDatabase = OrleansBackend.Tests.Infrastructure.TestDatabase;

namespace OrleansBackend.Tests.Persistence.Migrations;

/// <summary>
/// <c>OrleansBackend.Silo migrate</c>, run as the built executable: it brings every database the configuration names
/// up to date (PostgreSQL from the shipped appsettings.json, SQLite when the providers are switched to it), a second
/// run finds nothing to do, and <c>migrate --print postgresql|sqlite</c> writes exactly the embedded scripts.
/// </summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task MigrateAppliesTheScriptsToThePostgresDatabaseTheConfigurationNames()
    {
        await using var database = await TestDatabase.CreateAsync();
        var connection = $"--ConnectionStrings:orleans={database.ConnectionString}";

        var first = await RunSiloAsync("migrate", connection);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("applied " + string.Join(", ", MigrationScripts.For(DatabaseEngine.PostgreSql).Select(s => s.Name)), first.Output, StringComparison.Ordinal);
        Assert.Equal((long)MigrationScripts.For(DatabaseEngine.PostgreSql).Count, await database.ScalarAsync("SELECT count(*) FROM orleansbackend_schema"));

        var second = await RunSiloAsync("migrate", connection);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("applied", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAppliesTheScriptsToASqliteFile()
    {
        using var file = new TempSqliteFile();
        var result = await RunSiloAsync(
            "migrate",
            $"--ConnectionStrings:orleans={file.ConnectionString}",
            "--Orleans:GrainStorage:Default:ProviderType=AdoNet",
            $"--Orleans:GrainStorage:Default:Invariant={AdoNetInvariants.Sqlite}",
            $"--Orleans:Reminders:Invariant={AdoNetInvariants.Sqlite}",
            "--Orleans:Streaming:Events:ProviderType=Sqlite");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal((long)MigrationScripts.For(DatabaseEngine.Sqlite).Count, await file.ScalarAsync("SELECT count(*) FROM orleansbackend_schema"));
    }

    [Theory]
    [InlineData("postgresql", DatabaseEngine.PostgreSql)]
    [InlineData("sqlite", DatabaseEngine.Sqlite)]
    public async Task PrintWritesTheEmbeddedScripts(string engineName, DatabaseEngine engine)
    {
        var result = await RunSiloAsync("migrate", "--print", engineName);

        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = string.Concat(MigrationScripts.For(engine).Select(s => $"-- {s.Name}\n{s.Sql}\n"));
        Assert.Equal(expected.ReplaceLineEndings("\n"), result.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task PrintRefusesAnUnknownEngine()
    {
        var result = await RunSiloAsync("migrate", "--print", "oracle");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PostgreSql or Sqlite", result.Error, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> RunSiloAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BackendExecutables.Silo);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await Eventually.Within(process.WaitForExitAsync(), TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
