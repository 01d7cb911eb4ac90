namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// The Api in its default embedded mode as <c>dotnet run --project Api</c> starts it (a co-hosted silo, everything in
/// one SQLite file), as a real process with its data in a folder of its own.
/// </summary>
public sealed class EmbeddedApi : IAsyncDisposable
{
    private EmbeddedApi(BackendProcess process, DirectoryInfo directory)
    {
        Process = process;
        Directory = directory;
    }

    /// <summary>The process.</summary>
    public BackendProcess Process { get; }

    /// <summary>Its data folder.</summary>
    public DirectoryInfo Directory { get; }

    /// <summary>Starts it with <paramref name="settings"/> over the shipped appsettings.json and waits until it is ready.</summary>
    public static async Task<EmbeddedApi> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("orleansbackend-embedded-");
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:orleans"] = $"Data Source={Path.Combine(directory.FullName, "orleansbackend.db")}",

            // Its own silo port: another embedded Api of the test run may be up at the same time.
            ["Orleans:Endpoints:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var process = BackendProcess.Start("api (embedded)", BackendExecutables.Api, all, directory.FullName);
        var api = new EmbeddedApi(process, directory);
        try
        {
            await process.WaitReadyAsync();
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file the killed process still held; the temporary folder is cleaned eventually.
        }
    }
}
