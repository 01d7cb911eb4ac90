namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// The built Silo and Api executables of this repository, in the configuration the tests were built in (scripts/test.sh
/// builds the whole solution first; the test project does not reference the Silo).
/// </summary>
public static class BackendExecutables
{
    /// <summary>OrleansBackend.Silo.dll.</summary>
    public static string Silo => Find("Silo", "OrleansBackend.Silo.dll");

    /// <summary>OrleansBackend.Api.dll (in its own output folder, with its own appsettings.json).</summary>
    public static string Api => Find("Api", "OrleansBackend.Api.dll");

    /// <summary>Bench.dll, the benchmarks.</summary>
    public static string Bench => Find("Bench", "Bench.dll");

    /// <summary>Debug or Release: the folder above the test binaries' target framework folder.</summary>
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string Find(string project, string file)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var path = RepositoryFiles.PathOf($"{project}/bin/{Configuration}/{framework}/{file}");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build the solution first (dotnet build OrleansBackend.sln -c {Configuration}; scripts/test.sh does).");
    }
}
