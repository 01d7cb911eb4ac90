using Orleans;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>What an idempotency key is bound to.</summary>
[GenerateSerializer, Alias("OrleansBackend.IdempotencyKeyState")]
public sealed class IdempotencyKeyState
{
    /// <summary>The content the key is bound to, or null when free.</summary>
    [Id(0)]
    public string? Fingerprint { get; set; }

    /// <summary>When it was bound (kept for at least the retention).</summary>
    [Id(1)]
    public DateTimeOffset BoundAt { get; set; }

    /// <summary>The refusal the bound request got, if it was refused.</summary>
    [Id(2)]
    public MoneyOutcome? Refusal { get; set; }
}
