using System.Reflection;

namespace OrleansBackend.Bench.Processes;

/// <summary>This benchmark's own assembly, for starting itself as a child process (<c>dotnet Bench.dll …</c>).</summary>
public static class BenchAssembly
{
    /// <summary>The path of Bench.dll.</summary>
    public static string Path { get; } = Assembly.GetExecutingAssembly().Location;
}
