using Orleans;
using Orleans.Concurrency;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// A sealed page of an account's ledger (key: "account id/page number"). Accounts move full pages here, so an
/// account's own state stays small however long its history grows.
/// </summary>
[Alias("OrleansBackend.ILedgerPageGrain")]
public interface ILedgerPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page's entries once; later calls keep what was stored first.</summary>
    [Alias("Seal")]
    Task Seal(IReadOnlyList<LedgerEntry> entries);

    /// <summary>The page's entries, oldest first (empty before it is sealed).</summary>
    [Alias("GetEntries")]
    [ReadOnly]
    Task<IReadOnlyList<LedgerEntry>> GetEntries();
}
