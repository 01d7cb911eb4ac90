using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Grains.Money;

/// <summary>A sealed ledger page's entries, oldest first.</summary>
[GenerateSerializer]
public sealed class LedgerPageState
{
    [Id(0)]
    public List<LedgerEntry> Entries { get; set; } = [];
}
