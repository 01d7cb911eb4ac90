using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>Where a transfer stands.</summary>
[GenerateSerializer, Alias("OrleansBackend.TransferStatus")]
public enum TransferStatus
{
    /// <summary>The source was debited; the destination is being credited.</summary>
    Pending = 0,

    /// <summary>Both sides were applied.</summary>
    Completed = 1,

    /// <summary>Nothing was applied (or a debit was refunded).</summary>
    Failed = 2,
}

/// <summary>A transfer as its parties see it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.TransferSnapshot")]
public sealed record TransferSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string FromAccountId,
    [property: Id(2)] string ToAccountId,
    [property: Id(3)] long Amount,
    [property: Id(4)] string Currency,
    [property: Id(5)] TransferStatus Status,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? CompletedAt,
    [property: Id(8)] string? Reference);
