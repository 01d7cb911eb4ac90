using Orleans;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;

namespace OrleansBackend.Grains.Identity;

/// <summary>The durable state of an e-mail address: who owns it and its recent failed logins.</summary>
[GenerateSerializer, Alias("OrleansBackend.EmailIndexState")]
public sealed class EmailIndexState : IEventSourceState
{
    /// <summary>The user who owns the address, or null while it is free.</summary>
    [Id(0)]
    public string? UserId { get; set; }

    /// <summary>When recent sign-ins with the address failed (the lock-out window).</summary>
    [Id(1)]
    public List<DateTimeOffset> Failures { get; set; } = [];

    /// <inheritdoc />
    [Id(2)]
    public List<DomainEvent> Outbox { get; set; } = [];
}
