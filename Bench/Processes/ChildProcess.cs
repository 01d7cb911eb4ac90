using System.Diagnostics;

namespace OrleansBackend.Bench.Processes;

/// <summary>
/// A server process a benchmark starts (an Api, the baseline, the ceiling): output to a log file, readiness by an
/// HTTP probe, and always stopped again — on dispose, and through <see cref="Started"/> when the benchmark process
/// exits on Ctrl+C or a failure before it could dispose.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly HashSet<Process> Running = [];
    private readonly Process _process;
    private readonly StreamWriter _log;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Processes started and not yet stopped.</summary>
    public static int Started
    {
        get
        {
            lock (Running)
            {
                return Running.Count;
            }
        }
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, string logFile, IDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(workingDirectory);
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (Running)
        {
            Running.Add(process);
        }

        return new ChildProcess(name, process, log);
    }

    /// <summary>Waits until <paramref name="url"/> answers 2xx; throws if the process exits or time runs out.</summary>
    public async Task WaitReadyAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready (see its log).");
            }

            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"{Name} was not ready at {url} within {timeout.TotalSeconds:0} s (see its log).");
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await _log.DisposeAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        lock (Running)
        {
            Running.Remove(process);
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void KillAll()
    {
        Process[] all;
        lock (Running)
        {
            all = [.. Running];
        }

        foreach (var process in all)
        {
            Stop(process);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process outlived its log by a line.
            }
        }
    }
}
