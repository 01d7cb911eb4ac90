using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>An account at one moment.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackend.AccountSnapshot")]
public sealed record AccountSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string OwnerId,
    [property: Id(2)] string Currency,
    [property: Id(3)] long Balance,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset CreatedAt);
