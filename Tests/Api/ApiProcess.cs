using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Orleans.TestingHost;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// The built Api (OrleansBackend.Api.dll) run as its own process from a given working directory, as a user runs it:
/// Kestrel on a port of its choosing, the embedded silo on a port reserved for this process.
/// </summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TestClusterPortAllocator _ports;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, TestClusterPortAllocator ports)
    {
        _process = process;
        _ports = ports;
    }

    /// <summary>Everything the process wrote to its standard output so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>An HTTP client for the process's address.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Api/bin/&lt;Configuration&gt;/net10.0/OrleansBackend.Api.dll, built with the same configuration as the tests.</summary>
    public static string ApiBinary
    {
        get
        {
            var dll = RepositoryPaths.Binary("Api", "OrleansBackend.Api.dll");
            Assert.True(File.Exists(dll), $"{dll} was not built");
            return dll;
        }
    }

    /// <summary>Starts the Api in <paramref name="workingDirectory"/> and waits until it answers /health/ready.</summary>
    public static async Task<ApiProcess> StartAsync(string workingDirectory)
    {
        var ports = new TestClusterPortAllocator();
        var (siloPort, _) = ports.AllocateConsecutivePortPairs(1);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiBinary);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.ArgumentList.Add($"--Orleans:Endpoints:SiloPort={siloPort.ToString(CultureInfo.InvariantCulture)}");
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var api = new ApiProcess(Process.Start(start)!, ports);
        api._process.OutputDataReceived += (_, e) => api._output.Enqueue(e.Data ?? string.Empty);
        api._process.ErrorDataReceived += (_, e) => api._output.Enqueue(e.Data ?? string.Empty);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        try
        {
            string? address = null;
            await Eventually.True(
                () =>
                {
                    Assert.False(api._process.HasExited, "The Api exited:\n" + string.Join('\n', api._output));
                    address = api._output.Select(line => ListeningOn().Match(line)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                    return address is not null;
                },
                "the Api says where it listens",
                TimeSpan.FromSeconds(60));
            api.Http = new HttpClient { BaseAddress = new Uri(address!) };
            await Eventually.True(
                async () =>
                {
                    try
                    {
                        return (await api.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "the Api answers /health/ready",
                TimeSpan.FromSeconds(60));
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process (its committed writes are on disk) and releases its silo port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Http?.Dispose();
        _ports.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://[0-9.:]+)")]
    private static partial Regex ListeningOn();
}
