using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>The built Api runs from any working directory and finds its appsettings next to the binary.</summary>
public sealed class WorkingDirectoryTests
{
    [Fact]
    public async Task TheApiStartedElsewhereServesAndUsesItsOwnDirectoryAsContentRoot()
    {
        var apiDll = LocateApiBinary();
        var workingDirectory = Directory.CreateTempSubdirectory("api-cwd-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(apiDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["Logging__LogLevel__Default"] = "Information";
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.True(
                async () =>
                {
                    try
                    {
                        return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "the Api answers /health/ready");

            var binaryDirectory = Path.GetDirectoryName(apiDll)!;
            Assert.Contains(output, line => line.Contains("Content root path: " + binaryDirectory, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/nothing")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private static string LocateApiBinary()
    {
        // Tests/bin/<Configuration>/net10.0 → Api/bin/<Configuration>/net10.0
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDirectory.Name;
        var configuration = testDirectory.Parent!.Name;
        var root = testDirectory.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "Api", "bin", configuration, framework, "OrleansBackend.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built");
        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
