using OrleansBackend.Runtime.Streams;

namespace OrleansBackend.Grains.Interfaces.Events;

/// <summary>Where domain events flow: one stream per user, so one user's events are ordered.</summary>
public static class DomainStreams
{
    /// <summary>The stream provider the backend publishes on (durable, on the grain-state database).</summary>
    public const string Provider = StreamProviderNames.Default;

    /// <summary>The namespace of per-user streams.</summary>
    public const string UserNamespace = "user";

    /// <summary>The stream of user <paramref name="userId"/>.</summary>
    public static StreamId ForUser(string userId) => StreamId.Create(UserNamespace, userId);
}
