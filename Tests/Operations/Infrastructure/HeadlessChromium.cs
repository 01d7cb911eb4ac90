using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>) driven over the DevTools protocol: navigate, evaluate script,
/// wait for a condition with a deadline, take a screenshot. Each instance has a fresh profile directory, removed
/// afterwards; a missing chromium fails the test with what to install.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _failedResponses = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Uncaught script errors and console errors of the page so far.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>Responses with a status of 400 or more the page received so far (status and URL).</summary>
    public IReadOnlyList<string> FailedResponses => [.. _failedResponses];

    /// <summary>Forgets the failed responses so far.</summary>
    public void ClearFailedResponses() => _failedResponses.Clear();

    public static async Task<HeadlessChromium> LaunchAsync(int width = 1600, int height = 1400)
    {
        var path = ExternalTool.Require("chromium", "install the Debian package 'chromium' (scripts/test.sh does: apt-get install chromium).");
        var profile = Directory.CreateTempSubdirectory("orleansbackend-chromium-");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            // No network of its own beyond the pages it is sent to: no QUIC, updates, sync or background fetches.
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-default-browser-check",
            "--hide-scrollbars", "--mute-audio",
            $"--user-data-dir={profile.FullName}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            $"--window-size={width},{height}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync();
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }

        return browser;
    }

    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
    }

    /// <summary>Evaluates an expression in the page (promises awaited) and returns its value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"Script failed: {exception}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>Waits until <paramref name="condition"/> (a script expression) is true; fails with the page's state otherwise.</summary>
    public async Task WaitUntilAsync(string condition, string because, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var value = await EvaluateAsync($"(() => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }})()");
            if (value.ValueKind == JsonValueKind.True)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                var text = await EvaluateAsync("document.body ? document.body.innerText.slice(0, 3000) : ''");
                Assert.Fail($"Timed out waiting until {because}.\nPage errors: {string.Join(" | ", Errors.Select(e => e[..Math.Min(e.Length, 200)]))}\nPage text:\n{text}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A PNG of the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = false });
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The browser goes away anyway.
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _receiveLoop.ContinueWith(static _ => { }, TaskScheduler.Default);
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying child process; the temp directory is cleaned eventually.
        }
    }

    private async Task ConnectAsync()
    {
        // Chromium writes the port it chose (and the browser's path) into the profile once it listens.
        var portFile = Path.Combine(_profile.FullName, "DevToolsActivePort");
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited at start-up with code {_process.ExitCode}.");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("chromium did not open its DevTools port within 30 s.");
            }

            if (File.Exists(portFile))
            {
                lines = (await File.ReadAllTextAsync(portFile)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }

            if (lines.Length < 2)
            {
                await Task.Delay(50);
            }
        }

        using var http = new HttpClient();
        JsonElement page = default;
        while (page.ValueKind == JsonValueKind.Undefined)
        {
            var targets = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{lines[0].Trim()}/json/list")).RootElement;
            page = targets.EnumerateArray().FirstOrDefault(t => t.GetProperty("type").GetString() == "page");
            if (page.ValueKind == JsonValueKind.Undefined)
            {
                await Task.Delay(50);
            }
        }

        await _socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), CancellationToken.None);
        _receiveLoop = ReceiveLoopAsync();
        await SendAsync("Runtime.enable", null);
        await SendAsync("Page.enable", null);
        await SendAsync("Network.enable", null);
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, true, _closing.Token);
        var response = await answer.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (response.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method} failed: {error}");
        }

        return response.GetProperty("result");
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_closing.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, _closing.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                break;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var json = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            message.SetLength(0);
            if (json.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var pending))
            {
                pending.TrySetResult(json);
            }
            else if (json.TryGetProperty("method", out var method))
            {
                RecordEvent(method.GetString(), json);
            }
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("The DevTools connection closed."));
        }
    }

    private void RecordEvent(string? method, JsonElement json)
    {
        if (method == "Runtime.exceptionThrown")
        {
            _errors.Enqueue(json.GetProperty("params").GetProperty("exceptionDetails").ToString());
        }
        else if (method == "Network.responseReceived"
            && json.GetProperty("params").GetProperty("response") is var response
            && response.GetProperty("status").GetInt32() >= 400)
        {
            _failedResponses.Enqueue($"{response.GetProperty("status").GetInt32()} {response.GetProperty("url").GetString()}");
        }
        else if (method == "Runtime.consoleAPICalled" && json.GetProperty("params").GetProperty("type").GetString() == "error")
        {
            _errors.Enqueue(json.GetProperty("params").GetProperty("args").ToString());
        }
    }
}
