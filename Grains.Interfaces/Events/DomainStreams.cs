using Orleans.Runtime;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>Where domain events flow: one stream per user, so one user's events are ordered.</summary>
public static class DomainStreams
{
    /// <summary>
    /// The stream provider the backend publishes on (configuration <c>Orleans:Streaming:Events</c>): durable in both
    /// modes, on the same database as grain state.
    /// </summary>
    public const string Provider = "Events";

    /// <summary>The namespace of per-user streams.</summary>
    public const string UserNamespace = "user";

    /// <summary>The stream of user <paramref name="userId"/>.</summary>
    public static StreamId ForUser(string userId) => StreamId.Create(UserNamespace, userId);
}
