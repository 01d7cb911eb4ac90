using Orleans;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Identity;

/// <summary>A session's durable state: the SHA-256 hash of the token's secret, never the token.</summary>
[GenerateSerializer, Alias("OrleansBackend.SessionState")]
public sealed class SessionState : IEventSourceState
{
    /// <summary>The user the session speaks for; null until it starts.</summary>
    [Id(0)]
    public string? UserId { get; set; }

    /// <summary>SHA-256 of the token's secret.</summary>
    [Id(1)]
    public byte[] TokenHash { get; set; } = [];

    /// <summary>When the session started.</summary>
    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Its last use as last written (written at most once a minute).</summary>
    [Id(3)]
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>When it was signed out or revoked.</summary>
    [Id(4)]
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the session ended by expiry (set by its expiry reminder, which publishes session.ended).</summary>
    [Id(5)]
    public DateTimeOffset? ExpiredAt { get; set; }

    /// <inheritdoc />
    [Id(6)]
    public List<DomainEvent> Outbox { get; set; } = [];
}
