using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>An immutable page of an account's ledger.</summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class LedgerPageGrain : DurableGrain, ILedgerPageGrain
{
    private readonly IPersistentState<LedgerPageState> _state;

    /// <summary>Creates the activation.</summary>
    public LedgerPageGrain([PersistentState("ledger-page", StorageNames.Default)] IPersistentState<LedgerPageState> state)
    {
        _state = state;
    }

    /// <summary>The grain key of page <paramref name="page"/> (from 0) of an account.</summary>
    public static string Key(string accountId, long page) => $"{accountId}/{page}";

    /// <inheritdoc />
    public async Task Seal(IReadOnlyList<LedgerEntry> entries)
    {
        if (_state.State.Entries.Count > 0)
        {
            return;
        }

        _state.State.Entries = [.. entries];
        await SaveAsync(_state);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> GetEntries() => Task.FromResult<IReadOnlyList<LedgerEntry>>(_state.State.Entries);
}
