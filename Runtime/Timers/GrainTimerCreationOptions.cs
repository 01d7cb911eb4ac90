namespace OrleansBackend.Runtime.Timers;

/// <summary>How a grain timer behaves.</summary>
public sealed class GrainTimerCreationOptions
{
    /// <summary>Delay before the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Delay between the end of one tick and the next; <see cref="Timeout.InfiniteTimeSpan"/> for a single tick.</summary>
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>When true, ticks may interleave with requests instead of waiting for a turn.</summary>
    public bool Interleave { get; init; }

    /// <summary>When true, ticks count as activity and keep the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
