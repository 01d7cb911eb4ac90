using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>
/// An account activation's in-memory lookup from request id (or transfer id and kind) to the answer the account gave:
/// the ledger entry of an applied request, or the refusal. It holds every keyed entry from
/// <see cref="CoversFromSequence"/> on (the entries in the account's state when it activated and all appended since, up
/// to <see cref="Capacity"/>) and the latest refusals. Nothing here is written to storage: the entries themselves are
/// the durable record, and a request that may have been applied before the index covers it is looked up in the ledger.
/// </summary>
internal sealed class AppliedRequestIndex
{
    /// <summary>Entries kept in memory per activation; older ones are looked up in the ledger pages when needed.</summary>
    public const int Capacity = 10_000;

    /// <summary>Refusals kept in memory, so concurrent attempts of one request get one answer.</summary>
    private const int RefusalCapacity = 1_000;

    private readonly Dictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Sequence)> _entryOrder = new();
    private readonly Dictionary<string, MoneyOutcome> _refusals = new(StringComparer.Ordinal);
    private readonly Queue<string> _refusalOrder = new();

    /// <summary>Starts covering the ledger from <paramref name="firstSequence"/> on.</summary>
    public AppliedRequestIndex(long firstSequence)
    {
        CoversFromSequence = firstSequence;
    }

    /// <summary>Every keyed entry with this sequence number or later is in the index.</summary>
    public long CoversFromSequence { get; private set; }

    /// <summary>The key a ledger entry answers to: its request id, or its transfer id and kind; null for neither.</summary>
    public static string? KeyOf(LedgerEntry entry) =>
        entry.RequestId ?? (entry.TransferId is { } transferId ? LegKey(transferId, entry.Kind) : null);

    /// <summary>The key of a transfer's entry of <paramref name="kind"/> on one account.</summary>
    public static string LegKey(string transferId, EntryKind kind) => $"{transferId}/{kind}";

    /// <summary>Adds an entry (in sequence order).</summary>
    public void Add(LedgerEntry entry)
    {
        if (KeyOf(entry) is not { } key)
        {
            return;
        }

        _entries[key] = entry;
        _entryOrder.Enqueue((key, entry.Sequence));
        while (_entryOrder.Count > Capacity)
        {
            var (oldest, sequence) = _entryOrder.Dequeue();
            _entries.Remove(oldest);
            CoversFromSequence = sequence + 1;
        }
    }

    /// <summary>Remembers a refusal for the life of the activation (or until newer ones push it out).</summary>
    public void AddRefusal(string key, MoneyOutcome outcome)
    {
        if (_refusals.TryAdd(key, outcome))
        {
            _refusalOrder.Enqueue(key);
            if (_refusalOrder.Count > RefusalCapacity)
            {
                _refusals.Remove(_refusalOrder.Dequeue());
            }
        }
    }

    /// <summary>The entry that answered <paramref name="key"/>, if the index holds it.</summary>
    public bool TryGetEntry(string key, out LedgerEntry entry) => _entries.TryGetValue(key, out entry!);

    /// <summary>The refusal <paramref name="key"/> got in this activation, if any.</summary>
    public bool TryGetRefusal(string key, out MoneyOutcome outcome) => _refusals.TryGetValue(key, out outcome);
}
