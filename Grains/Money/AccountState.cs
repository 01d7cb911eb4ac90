using Orleans;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>
/// An account's durable state. The ledger's newest entries live here; each full page of
/// <see cref="AccountGrain.PageSize"/> entries moves to a <see cref="LedgerPageGrain"/>, so this stays small.
/// </summary>
[GenerateSerializer, Alias("OrleansBackend.AccountState")]
public sealed class AccountState : IEventSourceState
{
    /// <summary>The owning user; null until the account is opened.</summary>
    [Id(0)]
    public string? OwnerId { get; set; }

    /// <summary>ISO 4217 code.</summary>
    [Id(1)]
    public string Currency { get; set; } = string.Empty;

    /// <summary>Minor units; the signed sum of the entries.</summary>
    [Id(2)]
    public long Balance { get; set; }

    /// <summary>Grows by one with every change.</summary>
    [Id(3)]
    public long Version { get; set; }

    /// <summary>When the account was opened.</summary>
    [Id(4)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Entries ever written; the newest has this sequence number.</summary>
    [Id(5)]
    public long EntryCount { get; set; }

    /// <summary>Pages moved to page grains: entries 1 … SealedPages × PageSize live there.</summary>
    [Id(6)]
    public long SealedPages { get; set; }

    /// <summary>Entries after the sealed pages, oldest first.</summary>
    [Id(7)]
    public List<LedgerEntry> RecentEntries { get; set; } = [];

    /// <summary>
    /// Answers to deposits and withdrawals by "caller id/idempotency key", as accounts kept them before their ledger
    /// entries carried request ids. Read for retries, never added to; dropped as they expire.
    /// </summary>
    [Id(8)]
    public Dictionary<string, IdempotencyRecord> Requests { get; set; } = [];

    /// <summary>
    /// When each applied transfer leg was applied, by "transfer id/leg kind", as accounts kept them before their ledger
    /// entries were the record. Read for retries, never added to; dropped as they expire.
    /// </summary>
    [Id(9)]
    public Dictionary<string, DateTimeOffset> TransferLegs { get; set; } = [];

    /// <inheritdoc />
    [Id(10)]
    public List<DomainEvent> Outbox { get; set; } = [];
}
