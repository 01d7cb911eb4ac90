namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>Counts scrapes, so observable series that were not reported by the latest one can be left out.</summary>
internal sealed class ScrapeGeneration
{
    private long _current;

    public long Current => Volatile.Read(ref _current);

    public long Advance() => Interlocked.Increment(ref _current);
}
