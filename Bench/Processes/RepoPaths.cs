namespace OrleansBackend.Bench.Processes;

/// <summary>Where the built executables and scripts are: found from the Bench binary up to the solution file.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ApiDll => Path.Combine(Root, "Api", "bin", "Release", "net10.0", "OrleansBackend.Api.dll");

    public static string SiloDll => Path.Combine(Root, "Silo", "bin", "Release", "net10.0", "OrleansBackend.Silo.dll");

    public static string BaselineDll => Path.Combine(Root, "Bench", "Baseline", "bin", "Release", "net10.0", "OrleansBackend.Baseline.dll");

    public static string ClusterScript => Path.Combine(Root, "scripts", "cluster.sh");

    /// <summary>Throws with the build command when an executable is missing.</summary>
    public static void Require(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: run `dotnet build -c Release` in {Root} first.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansBackend.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
