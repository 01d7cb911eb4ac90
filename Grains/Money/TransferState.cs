using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Money;

/// <summary>The saga step a transfer has reached (each saved before the step's effect is attempted).</summary>
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
[GenerateSerializer]
public sealed class TransferState
{
    [Id(0)]
    public TransferStep Step { get; set; }

    [Id(1)]
    public string CallerId { get; set; } = string.Empty;

    [Id(2)]
    public string Fingerprint { get; set; } = string.Empty;

    [Id(3)]
    public string FromAccountId { get; set; } = string.Empty;

    [Id(4)]
    public string ToAccountId { get; set; } = string.Empty;

    [Id(5)]
    public string ToOwnerId { get; set; } = string.Empty;

    [Id(6)]
    public long Amount { get; set; }

    [Id(7)]
    public string Currency { get; set; } = string.Empty;

    [Id(8)]
    public string? Reference { get; set; }

    [Id(9)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(10)]
    public DateTimeOffset? CompletedAt { get; set; }

    [Id(11)]
    public MoneyOutcome Failure { get; set; }
}
