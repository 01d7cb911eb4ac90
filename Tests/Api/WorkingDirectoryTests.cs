using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// Where the built Api reads its settings and keeps its data: appsettings.json next to the binary (the content root),
/// whatever the working directory; the embedded silo's SQLite file at the relative <c>ConnectionStrings:orleans</c>
/// path, which is relative to the working directory — and <c>dotnet run --project Api</c> runs in Api/, so its data
/// lands in Api/data (git ignores it: it holds password hashes).
/// </summary>
public sealed class WorkingDirectoryTests
{
    [Fact]
    public async Task TheApiReadsItsSettingsNextToTheBinaryAndKeepsItsDataInTheWorkingDirectory()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("api-cwd-").FullName;
        var email = ApiClient.UniqueEmail("cwd");
        const string password = "a long enough password";
        try
        {
            await using (var api = await ApiProcess.StartAsync(workingDirectory))
            {
                var binaryDirectory = Path.GetDirectoryName(ApiProcess.ApiBinary)!;
                Assert.Contains(api.Output, line => line.Contains("Content root path: " + binaryDirectory, StringComparison.Ordinal));
                var client = new ApiClient(api.Http);
                Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(email, password)).Status);
            }

            Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "orleansbackend.db")), "the data is in <working directory>/data");

            // Started again in the same working directory, it finds the user it stored there.
            await using (var again = await ApiProcess.StartAsync(workingDirectory))
            {
                Assert.Equal(HttpStatusCode.Created, (await new ApiClient(again.Http).LoginAsync(email, password)).Status);
            }
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task DotnetRunStartsTheApiInItsProjectFolder()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "msbuild", RepositoryPaths.File("Api", "Api.csproj"), "-getProperty:RunWorkingDirectory" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        var directory = output.TrimStart().StartsWith('{')
            ? JsonDocument.Parse(output).RootElement.GetProperty("Properties").GetProperty("RunWorkingDirectory").GetString()
            : output.Trim();
        Assert.Equal(RepositoryPaths.File("Api"), directory?.TrimEnd(Path.DirectorySeparatorChar));
    }
}
