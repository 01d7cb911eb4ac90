using Orleans;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>The saga step a transfer has reached (each saved before the step's effect is attempted).</summary>
[GenerateSerializer, Alias("OrleansBackend.TransferStep")]
public enum TransferStep
{
    /// <summary>Nothing recorded yet.</summary>
    None = 0,

    /// <summary>Debiting the source.</summary>
    Debiting = 1,

    /// <summary>The source was debited; crediting the destination.</summary>
    Crediting = 2,

    /// <summary>The credit was refused; giving the debit back to the source.</summary>
    Refunding = 3,

    /// <summary>Both sides applied.</summary>
    Completed = 4,

    /// <summary>Ended with nothing applied (or the debit refunded); <see cref="TransferState.Failure"/> says why.</summary>
    Failed = 5,
}

/// <summary>A transfer saga's durable state.</summary>
[GenerateSerializer, Alias("OrleansBackend.TransferState")]
public sealed class TransferState : IEventSourceState
{
    /// <summary>How far the saga got.</summary>
    [Id(0)]
    public TransferStep Step { get; set; }

    /// <summary>Who asked for the transfer (owner of the source).</summary>
    [Id(1)]
    public string CallerId { get; set; } = string.Empty;

    /// <summary>The request content its idempotency key is bound to.</summary>
    [Id(2)]
    public string Fingerprint { get; set; } = string.Empty;

    /// <summary>The source account.</summary>
    [Id(3)]
    public string FromAccountId { get; set; } = string.Empty;

    /// <summary>The destination account.</summary>
    [Id(4)]
    public string ToAccountId { get; set; } = string.Empty;

    /// <summary>The destination's owner (who may read the transfer too).</summary>
    [Id(5)]
    public string ToOwnerId { get; set; } = string.Empty;

    /// <summary>Minor units, positive.</summary>
    [Id(6)]
    public long Amount { get; set; }

    /// <summary>Both accounts' currency.</summary>
    [Id(7)]
    public string Currency { get; set; } = string.Empty;

    /// <summary>The caller's reference text.</summary>
    [Id(8)]
    public string? Reference { get; set; }

    /// <summary>When it was accepted.</summary>
    [Id(9)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When both sides were applied.</summary>
    [Id(10)]
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Why it failed, once Step is Failed or Refunding.</summary>
    [Id(11)]
    public MoneyOutcome Failure { get; set; }

    /// <inheritdoc />
    [Id(12)]
    public List<DomainEvent> Outbox { get; set; } = [];
}
