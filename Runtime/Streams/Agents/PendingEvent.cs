namespace OrleansBackend.Runtime.Streams.Agents;

/// <summary>An event a partition's agent read and has not yet seen handled by every subscription.</summary>
internal sealed class PendingEvent
{
    public PendingEvent(long id)
    {
        Id = id;
    }

    public long Id { get; }

    /// <summary>Set once every subscription got the event (or it was parked); read under the agent's lock.</summary>
    public bool Done { get; set; }
}
