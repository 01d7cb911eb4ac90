using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// A silo or Api process run from its built binary, configured as an operator would: environment variables
/// (<c>Section__Key</c>) over the shipped appsettings.json. Its console output is kept line by line; it serves HTTP on
/// a loopback port of its own (<see cref="BaseAddress"/>).
/// </summary>
public sealed class BackendProcess : IAsyncDisposable
{
    private const int Sigterm = 15;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private BackendProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The name the test gave the process.</summary>
    public string Name { get; }

    /// <summary>Where its HTTP listener (Urls) answers.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every line it wrote to stdout so far.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> with <paramref name="settings"/> as environment variables, listening on a free port.</summary>
    public static BackendProcess Start(string name, string dll, IReadOnlyDictionary<string, string?> settings, string workingDirectory)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(dll);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var backend = new BackendProcess(name, process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                backend._output.Enqueue(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                backend._output.Enqueue("stderr: " + line.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return backend;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; fails with the process's last lines if it exits or the deadline passes.</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"{Name} exited with code {_process.ExitCode} before it was ready:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"{Name} was not ready in time:\n{Tail()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a container, then waits (within <paramref name="timeout"/>) for the process to end.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited && kill(_process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"Could not signal {Name} (errno {Marshal.GetLastPInvokeError()}).");
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Name} did not stop within its deadline after SIGTERM:\n{Tail()}");
        }
    }

    /// <summary>The last lines of its output, for failure messages.</summary>
    public string Tail(int lines = 40) => $"--- {Name}\n" + string.Join('\n', _output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
