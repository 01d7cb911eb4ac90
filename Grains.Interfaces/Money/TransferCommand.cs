using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>A transfer request as the caller made it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.TransferCommand")]
public sealed record TransferCommand(
    [property: Id(0)] string CallerId,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] string FromAccountId,
    [property: Id(3)] string ToAccountId,
    [property: Id(4)] long Amount,
    [property: Id(5)] string? Reference);
