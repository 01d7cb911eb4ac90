using System.Collections.Concurrent;

namespace OrleansBackend.Tests.Runtime.TestGrains;

/// <summary>
/// Lets tests and test grains meet: gates that a grain waits on and a test opens, and event logs a grain writes
/// and a test reads. Keys are unique per test so parallel tests never share one.
/// </summary>
public static class Probe
{
    private static readonly ConcurrentDictionary<string, Gate> Gates = new();
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Logs = new();

    public static Gate Gate(string key) => Gates.GetOrAdd(key, _ => new Gate());

    public static void Log(string key, string entry) => Logs.GetOrAdd(key, _ => new ConcurrentQueue<string>()).Enqueue(entry);

    public static IReadOnlyList<string> Entries(string key) => Logs.TryGetValue(key, out var log) ? [.. log] : [];

    public static string NewKey() => Guid.NewGuid().ToString("N");
}

/// <summary>A grain signals <see cref="Entered"/> and waits for <see cref="Release"/>.</summary>
public sealed class Gate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _count;

    public int Arrive() => Interlocked.Increment(ref _count);

    public int Count => Volatile.Read(ref _count);
}
