namespace OrleansBackend.Tests.Infrastructure;

/// <summary>Where the repository and its built projects are, seen from the test binaries (Tests/bin/&lt;Configuration&gt;/net10.0).</summary>
public static class RepositoryPaths
{
    private static readonly DirectoryInfo TestBinaries = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The repository's root folder.</summary>
    public static string Root => TestBinaries.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>A file of the repository, by its path relative to the root.</summary>
    public static string File(params string[] relative) => Path.Combine([Root, .. relative]);

    /// <summary>A project's built assembly, built with the same configuration and framework as the tests.</summary>
    public static string Binary(string project, string assemblyFile) =>
        Path.Combine(Root, project, "bin", TestBinaries.Parent!.Name, TestBinaries.Name, assemblyFile);
}
