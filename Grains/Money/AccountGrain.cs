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
/// An account. Each change — the balance and its ledger entry — is one state write, so they are never one without the
/// other. The entry carries the id of the request or transfer leg that made it, so the ledger itself is the record of
/// what was applied: the state does not grow with the requests made to the account, and a write costs the same on an
/// account with a long history as on a new one. Retries are answered from an in-memory index of the entries, or, when a
/// request may have been applied before the index covers it, from the ledger back to when its key was bound.
/// </summary>
public sealed class AccountGrain : PublishingGrain<AccountState>, IAccountGrain
{
    /// <summary>Entries per sealed ledger page.</summary>
    public const int PageSize = 100;

    // How far the clock of the silo that bound a key may lag behind the clock of the silo that wrote its entry.
    private static readonly TimeSpan RepeatClockAllowance = TimeSpan.FromMinutes(1);

    private readonly AccountOptions _options;
    private readonly TimeProvider _time;
    private DateTimeOffset _lastSweep;
    private AppliedRequestIndex _index = new(1);

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
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = new AppliedRequestIndex((State.SealedPages * PageSize) + 1);
        foreach (var entry in State.RecentEntries)
        {
            _index.Add(entry);
        }

        return base.OnActivateAsync(cancellationToken);
    }

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

        var entryKind = leg.Kind == TransferLegKind.Debit ? EntryKind.TransferOut : EntryKind.TransferIn;
        if (await FindEntryAsync(AppliedRequestIndex.LegKey(leg.TransferId, entryKind), leg.RepeatSince) is not null
            || State.TransferLegs.ContainsKey($"{leg.TransferId}/{leg.Kind}"))
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
        var entry = Append(kind, leg.Amount, now, leg.TransferId, leg.Reference, requestId: null);
        SweepLegacyRecords(now);
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

        var requestId = command.EffectiveRequestId;
        if (await FindEntryAsync(requestId, command.RepeatSince) is { } applied)
        {
            return new MoneyResult(MoneyOutcome.Applied, applied, Replayed: true);
        }

        if (_index.TryGetRefusal(requestId, out var refusal))
        {
            return new MoneyResult(refusal, null, Replayed: true);
        }

        if (State.Requests.TryGetValue($"{command.CallerId}/{command.IdempotencyKey}", out var record))
        {
            // Answered before records moved out of the account state; kept until they expire.
            return record.Fingerprint == command.Fingerprint
                ? new MoneyResult(record.Outcome, record.Entry, Replayed: true)
                : MoneyResult.KeyReused;
        }

        var outcome = kind == EntryKind.Deposit ? CheckCredit(command.Amount, State.Balance, _options.MaxBalance) : CheckDebit(command.Amount);
        if (outcome != MoneyOutcome.Applied)
        {
            // A refusal changes nothing here, so nothing is written: the caller keeps it with the idempotency key, and
            // this activation remembers it so that concurrent attempts of the request get the same answer.
            _index.AddRefusal(requestId, outcome);
            return new MoneyResult(outcome, null, Replayed: false);
        }

        var now = _time.GetUtcNow();
        var entry = Append(kind, command.Amount, now, null, command.Reference, requestId);
        SweepLegacyRecords(now);
        await SaveAsync(EntryEvent(entry));
        await SealFullPagesAsync();
        return new MoneyResult(outcome, entry, Replayed: false);
    }

    /// <summary>
    /// The entry that applied <paramref name="key"/>: from the index, or — when <paramref name="repeatSince"/> says the
    /// request may have been applied earlier than the index reaches — from the ledger, newest first, back to that time.
    /// A first attempt (no <paramref name="repeatSince"/>) is checked against the index only: its only possible earlier
    /// copy is a duplicate of the same call still in flight, which lands in this activation's index unless the account
    /// was reactivated and wrote more than <see cref="PageSize"/> entries, or this activation more than
    /// <see cref="AppliedRequestIndex.Capacity"/>, in between.
    /// </summary>
    private async Task<LedgerEntry?> FindEntryAsync(string key, DateTimeOffset? repeatSince)
    {
        if (_index.TryGetEntry(key, out var indexed))
        {
            return indexed;
        }

        if (repeatSince is not { } since)
        {
            return null;
        }

        var horizon = since - RepeatClockAllowance;
        var sequence = _index.CoversFromSequence - 1;
        while (sequence >= 1)
        {
            var firstRecent = (State.SealedPages * PageSize) + 1;
            IReadOnlyList<LedgerEntry> block;
            long blockFirst;
            if (sequence >= firstRecent)
            {
                (block, blockFirst) = (State.RecentEntries, firstRecent);
            }
            else
            {
                var page = (sequence - 1) / PageSize;
                (block, blockFirst) = (await GrainFactory.GetGrain<ILedgerPageGrain>(LedgerPageGrain.Key(AccountId, page)).GetEntries(), (page * PageSize) + 1);
            }

            for (var index = (int)(sequence - blockFirst); index >= 0; index--)
            {
                var entry = block[index];
                if (entry.CreatedAt < horizon)
                {
                    return null;
                }

                if (AppliedRequestIndex.KeyOf(entry) == key)
                {
                    return entry;
                }
            }

            sequence = blockFirst - 1;
        }

        return null;
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

    private LedgerEntry Append(EntryKind kind, long amount, DateTimeOffset now, string? transferId, string? reference, string? requestId)
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
            reference,
            requestId);
        State.Balance = balance;
        State.Version++;
        State.EntryCount++;
        State.RecentEntries.Add(entry);
        _index.Add(entry);
        return entry;
    }

    /// <summary>
    /// Drops expired records of the kind accounts kept in their state before the ledger became the record; nothing adds
    /// to them any more, so this only ever shrinks the state, and only rides on a write the account makes anyway.
    /// </summary>
    private void SweepLegacyRecords(DateTimeOffset now)
    {
        if ((State.Requests.Count == 0 && State.TransferLegs.Count == 0) || now - _lastSweep < IdempotencyPolicy.SweepInterval)
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
