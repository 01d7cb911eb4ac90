using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Tests.Grains;

/// <summary>A client-side activity observer: remembers the newest sequence it was told about.</summary>
public sealed class FeedObserver : IActivityObserver
{
    private long _lastSequence;

    /// <summary>The newest sequence the feed announced (0 before any).</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <inheritdoc />
    public Task EventsAvailable(long lastSequence)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _lastSequence);
        }
        while (lastSequence > seen && Interlocked.CompareExchange(ref _lastSequence, lastSequence, seen) != seen);

        return Task.CompletedTask;
    }
}
