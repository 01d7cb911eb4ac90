using Orleans;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>A sealed ledger page's entries, oldest first.</summary>
[GenerateSerializer, Alias("OrleansBackend.LedgerPageState")]
public sealed class LedgerPageState
{
    /// <summary>The page's entries, oldest first.</summary>
    [Id(0)]
    public List<LedgerEntry> Entries { get; set; } = [];
}
