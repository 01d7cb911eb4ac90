using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Identity;

/// <summary>A session's durable state: the SHA-256 hash of the token's secret, never the token.</summary>
[GenerateSerializer]
public sealed class SessionState
{
    [Id(0)]
    public string? UserId { get; set; }

    [Id(1)]
    public byte[] TokenHash { get; set; } = [];

    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(3)]
    public DateTimeOffset LastSeenAt { get; set; }

    [Id(4)]
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the session ended by expiry (set by its expiry reminder, which publishes session.ended).</summary>
    [Id(5)]
    public DateTimeOffset? ExpiredAt { get; set; }

    /// <summary>Whether the expiry reminder was registered (false for sessions started before sessions had one).</summary>
    [Id(6)]
    public bool HasExpiryReminder { get; set; }
}
