namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Files of this repository, found from the test binaries upwards.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative)
    {
        var path = PathOf(relative);
        Assert.True(File.Exists(path), $"{relative} is missing from the repository.");
        return File.ReadAllText(path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansBackend.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansBackend.sln above {AppContext.BaseDirectory}.");
    }
}
