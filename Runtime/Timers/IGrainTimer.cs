namespace OrleansBackend.Runtime.Timers;

/// <summary>A grain timer: its callback runs as a turn of the grain and it stops with the activation.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period (<see cref="Timeout.InfiniteTimeSpan"/> for one shot).</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
