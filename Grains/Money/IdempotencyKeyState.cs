using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Money;

/// <summary>What an idempotency key is bound to.</summary>
[GenerateSerializer]
public sealed class IdempotencyKeyState
{
    [Id(0)]
    public string? Fingerprint { get; set; }

    [Id(1)]
    public DateTimeOffset BoundAt { get; set; }
}
