using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansBackend.Hosting;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Readme;

/// <summary>
/// The README's "Testing your grains" snippet is the body of <see cref="SnippetRunsOnTheProjectsSiloConfiguration"/>
/// between the markers, and <see cref="ReadmeShowsTheSnippetThisTestRuns"/> holds the README to it, so it cannot rot.
/// </summary>
public sealed class TestingYourGrainsTests
{
    private const string Begin = "// README snippet: begin";
    private const string End = "// README snippet: end";

    [Fact]
    public async Task SnippetRunsOnTheProjectsSiloConfiguration()
    {
        var folder = Directory.CreateTempSubdirectory("readme-snippet-");
        try
        {
            var databaseFile = Path.Combine(folder.FullName, "state.db");

            // README snippet: begin
            await using var cluster = new InProcessTestClusterBuilder(2)
                .ConfigureSiloHost((_, host) =>
                {
                    host.Configuration.AddInMemoryCollection(BackendSiloSettings.Sqlite(databaseFile));
                    host.AddBackendSilo(); // the backend's grains, hosting and database scripts, as in Silo/Program.cs
                })
                .Build();
            await cluster.DeployAsync();

            var tally = cluster.Client.GetGrain<ITallyGrain>("visits");
            Assert.Equal(2, await tally.Add(2));
            Assert.Equal(5, await tally.Add(3));
            // README snippet: end

            // The state went through the real storage: a new activation reads it back.
            await cluster.DeactivateAsync(tally);
            Assert.Equal(6, await tally.Add(1));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void ReadmeShowsTheSnippetThisTestRuns()
    {
        var source = File.ReadAllText(RepositoryPaths.File("Tests", "Readme", "TestingYourGrainsTests.cs"));
        // The last occurrences: the first ones are the constants above.
        var start = source.LastIndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
        var snippet = Unindent(source[start..source.LastIndexOf(End, StringComparison.Ordinal)]);
        var readme = File.ReadAllText(RepositoryPaths.File("README.md")).ReplaceLineEndings("\n");
        Assert.Contains("```csharp\n" + snippet + "```", readme, StringComparison.Ordinal);
    }

    private static string Unindent(string block)
    {
        var lines = block.ReplaceLineEndings("\n").Split('\n').Skip(1).SkipLast(1).ToList();
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Concat(lines.Select(l => (l.Length >= indent ? l[indent..] : l.TrimStart()) + "\n"));
    }
}
