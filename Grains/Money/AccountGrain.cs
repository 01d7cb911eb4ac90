using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>
/// An account. Each change — the balance, its ledger entry and the answer remembered for its idempotency key or
/// transfer leg — is one state write, so they are never one without the other.
/// </summary>
public sealed class AccountGrain : PublishingGrain<AccountState>, IAccountGrain
{
    /// <summary>Entries per sealed ledger page.</summary>
    public const int PageSize = 100;

    private readonly AccountOptions _options;
    private readonly TimeProvider _time;
    private DateTimeOffset _lastSweep;

    /// <summary>Creates the activation.</summary>
    public AccountGrain(
        [PersistentState("account", StorageNames.Default)] IPersistentState<AccountState> state,
        IOptions<AccountOptions> options,
        TimeProvider time)
        : base(state)
    {
        _options = options.Value;
        _time = time;
    }

    private bool Exists => State.OwnerId is not null;

    private string AccountId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<AccountSnapshot> Open(string ownerId, string currency)
    {
        if (Exists)
        {
            if (State.OwnerId != ownerId || State.Currency != currency)
            {
                throw new InvalidOperationException($"Account {AccountId} is already open for another owner or currency.");
            }

            return Snapshot();
        }

        if (!Currencies.IsSupported(currency))
        {
            throw new ArgumentException($"Currency '{currency}' is not supported.", nameof(currency));
        }

        State.OwnerId = ownerId;
        State.Currency = currency;
        State.CreatedAt = _time.GetUtcNow();
        State.Version = 1;
        await SaveAsync(DomainEvents.ForUser(ownerId, DomainEventTypes.AccountOpened, State.CreatedAt, writer =>
        {
            writer.WriteString("accountId", AccountId);
            writer.WriteString("currency", currency);
        }));
        return Snapshot();
    }

    /// <inheritdoc />
    public Task<AccountSnapshot?> Get() => Task.FromResult(Exists ? Snapshot() : null);

    /// <inheritdoc />
    public Task<MoneyResult> Deposit(MoneyCommand command) => ApplyRequest(command, EntryKind.Deposit);

    /// <inheritdoc />
    public Task<MoneyResult> Withdraw(MoneyCommand command) => ApplyRequest(command, EntryKind.Withdrawal);

    /// <inheritdoc />
    public async Task<TransferLegResult> ApplyTransferLeg(TransferLeg leg)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leg.Amount);
        if (!Exists)
        {
            return new TransferLegResult(MoneyOutcome.NotFound, null);
        }

        var key = $"{leg.TransferId}/{leg.Kind}";
        if (State.TransferLegs.ContainsKey(key))
        {
            // Applied before (the saga lost the answer): the same outcome, without effect. The entry is in the ledger.
            return new TransferLegResult(MoneyOutcome.Applied, null);
        }

        if (leg.Currency != State.Currency)
        {
            return new TransferLegResult(MoneyOutcome.CurrencyMismatch, null);
        }

        var (kind, outcome) = leg.Kind switch
        {
            TransferLegKind.Debit => (EntryKind.TransferOut, CheckDebit(leg.Amount)),
            TransferLegKind.Credit => (EntryKind.TransferIn, CheckCredit(leg.Amount, State.Balance, _options.MaxBalance)),
            // A refund gives back what this account paid: only Int64 itself bounds it, not the configured limit.
            _ => (EntryKind.TransferIn, CheckCredit(leg.Amount, State.Balance, long.MaxValue)),
        };
        if (outcome != MoneyOutcome.Applied)
        {
            // Failed legs are not remembered: the saga records the failure and never retries a failed leg.
            return new TransferLegResult(outcome, null);
        }

        var now = _time.GetUtcNow();
        var entry = Append(kind, leg.Amount, now, leg.TransferId, leg.Reference);
        State.TransferLegs[key] = now;
        Sweep(now);
        await SaveAsync(EntryEvent(entry));
        await SealFullPagesAsync();
        return new TransferLegResult(MoneyOutcome.Applied, entry);
    }

    /// <inheritdoc />
    public async Task<TransactionsPage> GetTransactions(string callerId, int limit, long? before)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (!Exists || State.OwnerId != callerId)
        {
            return TransactionsPage.NotFound;
        }

        var sequence = before is { } b ? Math.Min(b - 1, State.EntryCount) : State.EntryCount;
        var items = new List<LedgerEntry>(Math.Min(limit, (int)Math.Max(0, Math.Min(sequence, 1_000))));
        var firstRecent = (State.SealedPages * PageSize) + 1;
        while (items.Count < limit && sequence >= 1)
        {
            if (sequence >= firstRecent)
            {
                items.Add(State.RecentEntries[(int)(sequence - firstRecent)]);
                sequence--;
                continue;
            }

            var page = (sequence - 1) / PageSize;
            var entries = await GrainFactory.GetGrain<ILedgerPageGrain>(LedgerPageGrain.Key(AccountId, page)).GetEntries();
            for (var index = (int)((sequence - 1) % PageSize); index >= 0 && items.Count < limit; index--)
            {
                items.Add(entries[index]);
                sequence--;
            }
        }

        return new TransactionsPage(true, items, sequence >= 1 ? sequence + 1 : null);
    }

    private async Task<MoneyResult> ApplyRequest(MoneyCommand command, EntryKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(command.Amount);
        if (!Exists || State.OwnerId != command.CallerId)
        {
            return MoneyResult.NotFound;
        }

        var key = $"{command.CallerId}/{command.IdempotencyKey}";
        if (State.Requests.TryGetValue(key, out var record))
        {
            return record.Fingerprint == command.Fingerprint
                ? new MoneyResult(record.Outcome, record.Entry, Replayed: true)
                : MoneyResult.KeyReused;
        }

        var outcome = kind == EntryKind.Deposit ? CheckCredit(command.Amount, State.Balance, _options.MaxBalance) : CheckDebit(command.Amount);
        var now = _time.GetUtcNow();
        var entry = outcome == MoneyOutcome.Applied ? Append(kind, command.Amount, now, null, command.Reference) : null;
        // Refusals are remembered too: a retry gets the same answer even if the balance has changed since.
        State.Requests[key] = new IdempotencyRecord(command.Fingerprint, outcome, entry, now);
        Sweep(now);
        await SaveAsync(entry is null ? [] : [EntryEvent(entry)]);
        if (entry is not null)
        {
            await SealFullPagesAsync();
        }

        return new MoneyResult(outcome, entry, Replayed: false);
    }

    /// <summary>account.credited or account.debited on the owner's stream, for a ledger entry.</summary>
    private DomainEvent EntryEvent(LedgerEntry entry)
    {
        var credited = entry.Kind is EntryKind.Deposit or EntryKind.TransferIn;
        return DomainEvents.ForUser(State.OwnerId!, credited ? DomainEventTypes.AccountCredited : DomainEventTypes.AccountDebited, entry.CreatedAt, writer =>
        {
            writer.WriteString("accountId", AccountId);
            writer.WriteString("entryId", entry.EntryId);
            writer.WriteNumber("amount", entry.Amount);
            writer.WriteNumber("balance", entry.BalanceAfter);
            writer.WriteString("currency", State.Currency);
            if (entry.TransferId is not null)
            {
                writer.WriteString("transferId", entry.TransferId);
            }

            if (entry.Reference is not null)
            {
                writer.WriteString("reference", entry.Reference);
            }
        });
    }

    private MoneyOutcome CheckDebit(long amount) => amount > State.Balance ? MoneyOutcome.InsufficientFunds : MoneyOutcome.Applied;

    private static MoneyOutcome CheckCredit(long amount, long balance, long limit) =>
        amount > limit - balance ? MoneyOutcome.LimitExceeded : MoneyOutcome.Applied;

    private LedgerEntry Append(EntryKind kind, long amount, DateTimeOffset now, string? transferId, string? reference)
    {
        var balance = kind is EntryKind.Deposit or EntryKind.TransferIn ? checked(State.Balance + amount) : checked(State.Balance - amount);
        var entry = new LedgerEntry(
            ResourceIds.New(ResourceIds.EntryPrefix),
            AccountId,
            State.EntryCount + 1,
            kind,
            amount,
            balance,
            now,
            transferId,
            reference);
        State.Balance = balance;
        State.Version++;
        State.EntryCount++;
        State.RecentEntries.Add(entry);
        return entry;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now - _lastSweep < IdempotencyPolicy.SweepInterval)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, record) in State.Requests)
        {
            if (record.CreatedAt + IdempotencyPolicy.KeyRetention < now)
            {
                State.Requests.Remove(key);
            }
        }

        foreach (var (key, appliedAt) in State.TransferLegs)
        {
            if (appliedAt + IdempotencyPolicy.TransferLegRetention < now)
            {
                State.TransferLegs.Remove(key);
            }
        }
    }

    /// <summary>
    /// Moves full pages to page grains. The page is stored before the account forgets it, and storing a page is
    /// idempotent, so a crash in between only repeats the move. A failure here does not fail the request that
    /// triggered it (its effect is already durable); the next change tries again.
    /// </summary>
    private async Task SealFullPagesAsync()
    {
        if (State.RecentEntries.Count < PageSize)
        {
            return;
        }

        try
        {
            while (State.RecentEntries.Count >= PageSize)
            {
                var page = State.RecentEntries.GetRange(0, PageSize);
                await GrainFactory.GetGrain<ILedgerPageGrain>(LedgerPageGrain.Key(AccountId, State.SealedPages)).Seal(page);
                State.RecentEntries.RemoveRange(0, PageSize);
                State.SealedPages++;
            }

            await SaveAsync();
        }
        catch (Exception)
        {
            // SaveAsync retired the activation if its write failed; otherwise the unsealed entries simply stay here.
        }
    }

    private AccountSnapshot Snapshot() => new(AccountId, State.OwnerId!, State.Currency, State.Balance, State.Version, State.CreatedAt);
}
