using System.Collections.Concurrent;

namespace OrleansBackend.Tests.Streams.TestGrains;

/// <summary>The events each activation of an outbox probe found in its outbox, by grain key (the test's silos run in this process).</summary>
public static class OutboxActivations
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<IReadOnlyList<Guid>>> Activations = new(StringComparer.Ordinal);

    /// <summary>Records an activation of <paramref name="key"/> that found <paramref name="pending"/>.</summary>
    public static void Record(string key, IReadOnlyList<Guid> pending) => Activations.GetOrAdd(key, _ => new()).Enqueue(pending);

    /// <summary>What each activation of <paramref name="key"/> found, oldest first.</summary>
    public static IReadOnlyList<IReadOnlyList<Guid>> Of(string key) => Activations.TryGetValue(key, out var found) ? [.. found] : [];
}
