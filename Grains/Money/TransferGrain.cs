using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using OrleansBackend.Grains.Events;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Grains.Interfaces.Events;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Grains.Money;

/// <summary>
/// A transfer saga: debit the source, credit the destination, complete. The saga is saved before its first leg, and
/// every leg is idempotent by transfer id (the account's ledger entry carries it), so whenever the saga stops — a failed
/// call, a crash, a restart — it resumes from its saved step, repeats the legs from there and applies each side exactly
/// once. On the way to completion only the start and the end are saved: a debit that succeeded is not saved on its own,
/// since repeating it is free. A failed debit ends it with nothing applied; a refused credit is saved before the refund
/// that gives the debit back (repeating a credit after a refund would pay twice).
/// <para>
/// Who resumes it: while its activation lives, a grain timer retries a failed leg; when the activation is gone
/// (its silo crashed), a durable reminder, registered before the first leg and removed once the saga is final,
/// activates it again on whichever silo owns it now. A client's retry or read also moves it on.
/// </para>
/// </summary>
public sealed class TransferGrain : PublishingGrain<TransferState>, ITransferGrain, IRemindable
{
    /// <summary>The name of the reminder that resumes a saga whose activation was lost.</summary>
    public const string ResumeReminderName = "resume";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly TransferOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TransferGrain> _logger;
    private IGrainTimer? _retryTimer;
    private IGrainReminder? _resumeReminder;
    private IGrainTimer? _cleanupTimer;
    private int _failedAttempts;

    // Set once a leg may have been sent before without its answer arriving (the saga resumed, or a call failed): the
    // accounts then look for the leg in their ledger back to the saga's start instead of only in memory.
    private bool _legsMayRepeat;

    /// <summary>Creates the activation.</summary>
    public TransferGrain(
        [PersistentState("transfer", StorageNames.Default)] IPersistentState<TransferState> state,
        IOptions<TransferOptions> options,
        TimeProvider time,
        ILogger<TransferGrain> logger)
        : base(state)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    private string TransferId => this.GetPrimaryKeyString();

    private bool InProgress => State.Step is TransferStep.Debiting or TransferStep.Crediting or TransferStep.Refunding;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (InProgress)
        {
            // Reactivated mid-saga (after a crash or restart): carry on from the saved step.
            _logger.LogInformation("Transfer {TransferId} resumes at step {Step}", TransferId, State.Step);
            _legsMayRepeat = true;
            ScheduleRetry(TimeSpan.Zero);
        }
    }

    /// <inheritdoc />
    public async Task<TransferResult> Execute(TransferCommand command)
    {
        if (State.Step != TransferStep.None)
        {
            if (command.CallerId != State.CallerId || command.Fingerprint != State.Fingerprint)
            {
                return new TransferResult(MoneyOutcome.IdempotencyKeyReused, null, false);
            }

            await AdvanceAsync(callerWaits: true);
            return Result(replayed: true);
        }

        if (command.FromAccountId == command.ToAccountId)
        {
            throw new ArgumentException("A transfer needs two different accounts.", nameof(command));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(command.Amount);
        // Both reads at once: they are independent, and each is a round trip.
        var sourceRead = GrainFactory.GetGrain<IAccountGrain>(command.FromAccountId).Get();
        var destinationRead = GrainFactory.GetGrain<IAccountGrain>(command.ToAccountId).Get();
        var (source, destination) = (await sourceRead, await destinationRead);
        if (source is null || source.OwnerId != command.CallerId || destination is null)
        {
            return TransferResult.NotFound;
        }

        var legsToRun = source.Currency == destination.Currency;

        State.CallerId = command.CallerId;
        State.Fingerprint = command.Fingerprint;
        State.FromAccountId = command.FromAccountId;
        State.ToAccountId = command.ToAccountId;
        State.ToOwnerId = destination.OwnerId;
        State.Amount = command.Amount;
        State.Currency = source.Currency;
        State.Reference = command.Reference;
        State.CreatedAt = _time.GetUtcNow();
        if (legsToRun)
        {
            State.Step = TransferStep.Debiting;
        }
        else
        {
            State.Step = TransferStep.Failed;
            State.Failure = MoneyOutcome.CurrencyMismatch;
        }

        // The saga and its resume reminder are written at once, and no leg runs before both are durable: a crash in
        // between leaves either a saga that a retry or read moves on (registering the reminder then) or a reminder
        // without a saga, which removes itself on its first tick.
        await Task.WhenAll(SaveAsync(), legsToRun ? RegisterResumeReminderAsync() : Task.CompletedTask);
        await AdvanceAsync(callerWaits: true);
        return Result(replayed: false);
    }

    /// <inheritdoc />
    public async Task<TransferResult> Get(string callerId)
    {
        if (State.Step == TransferStep.None)
        {
            return TransferResult.NotFound;
        }

        // A read also moves a stalled saga on, so a caller never waits for a retry timer.
        await AdvanceAsync(callerWaits: true);
        if (State.Step == TransferStep.Failed || (callerId != State.CallerId && callerId != State.ToOwnerId))
        {
            return TransferResult.NotFound;
        }

        return Result(replayed: false);
    }

    /// <summary>A tick of the resume reminder: carry the saga on, or remove the reminder once there is nothing left to do.</summary>
    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminderName)
        {
            return;
        }

        if (InProgress)
        {
            _logger.LogInformation("Transfer {TransferId} resumes at step {Step} on its reminder", TransferId, State.Step);
            await AdvanceAsync();
        }
        else
        {
            // Final already (the removal after the last step was lost), or never saved: nothing to resume.
            await StopResumingAsync();
        }
    }

    private async Task RegisterResumeReminderAsync() =>
        _resumeReminder = await this.RegisterOrUpdateReminder(ResumeReminderName, _options.ResumeInterval, _options.ResumeInterval);

    /// <summary>The saga's reminder as it is (a resumed saga has one), or a new one when its registration was lost.</summary>
    private async Task EnsureResumeReminderAsync()
    {
        _resumeReminder ??= await this.GetReminder(ResumeReminderName);
        if (_resumeReminder is null)
        {
            await RegisterResumeReminderAsync();
        }
    }

    /// <summary>Runs the saga on as far as it goes; <paramref name="callerWaits"/> defers the reminder's removal past the answer.</summary>
    private async Task AdvanceAsync(bool callerWaits = false)
    {
        var moved = false;
        if (InProgress && _resumeReminder is null)
        {
            // Moved on by a retry, a read or the retry timer in an activation that has not registered it yet.
            try
            {
                await EnsureResumeReminderAsync();
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Transfer {TransferId}: registering its resume reminder failed; will retry", TransferId);
                ScheduleRetry(NextRetryDelay());
                return;
            }
        }

        while (InProgress)
        {
            moved = true;
            var leg = State.Step switch
            {
                TransferStep.Debiting => (State.FromAccountId, TransferLegKind.Debit),
                TransferStep.Crediting => (State.ToAccountId, TransferLegKind.Credit),
                _ => (State.FromAccountId, TransferLegKind.Refund),
            };
            var result = await ApplyLegAsync(leg.Item1, leg.Item2);
            if (result is null)
            {
                return;
            }

            switch (State.Step, result.Outcome)
            {
                case (TransferStep.Debiting, MoneyOutcome.Applied):
                    // Not saved: after a crash the saga repeats the debit, which the source answers from its ledger.
                    State.Step = TransferStep.Crediting;
                    continue;
                case (TransferStep.Debiting, _):
                    State.Step = TransferStep.Failed;
                    State.Failure = result.Outcome;
                    break;
                case (TransferStep.Crediting, MoneyOutcome.Applied):
                    State.Step = TransferStep.Completed;
                    State.CompletedAt = _time.GetUtcNow();
                    break;
                case (TransferStep.Crediting, _):
                    _logger.LogWarning("Transfer {TransferId}: credit refused ({Outcome}); refunding the source", TransferId, result.Outcome);
                    State.Step = TransferStep.Refunding;
                    State.Failure = result.Outcome;
                    break;
                case (TransferStep.Refunding, MoneyOutcome.Applied):
                    State.Step = TransferStep.Failed;
                    break;
                default:
                    _logger.LogError("Transfer {TransferId}: refund refused ({Outcome}); will retry", TransferId, result.Outcome);
                    ScheduleRetry(NextRetryDelay());
                    return;
            }

            await SaveAsync(State.Step == TransferStep.Completed ? CompletedEvents() : []);
        }

        _failedAttempts = 0;
        _retryTimer?.Dispose();
        _retryTimer = null;
        if (moved && !callerWaits)
        {
            // This call took the saga to its final state: the reminder has nothing more to resume.
            await StopResumingAsync();
        }
        else if (moved)
        {
            // As above, in a turn of its own after the caller's answer, which need not wait for it: a reminder left
            // behind by a crash in between only ticks once more and removes itself.
            _cleanupTimer ??= this.RegisterGrainTimer(
                static grain => grain.StopResumingAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan });
        }
    }

    private async Task StopResumingAsync()
    {
        _cleanupTimer?.Dispose();
        _cleanupTimer = null;
        try
        {
            var reminder = _resumeReminder ?? await this.GetReminder(ResumeReminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            _resumeReminder = null;
        }
        catch (Exception exception)
        {
            // The saga is final and saved; a reminder left behind only ticks once more and then removes itself.
            _logger.LogWarning(exception, "Transfer {TransferId}: removing its resume reminder failed", TransferId);
        }
    }

    private async Task<TransferLegResult?> ApplyLegAsync(string accountId, TransferLegKind kind)
    {
        try
        {
            var leg = new TransferLeg(TransferId, kind, State.Amount, State.Currency, State.Reference, _legsMayRepeat ? State.CreatedAt : null);
            return await GrainFactory.GetGrain<IAccountGrain>(accountId).ApplyTransferLeg(leg);
        }
        catch (Exception exception)
        {
            _legsMayRepeat = true;
            // The leg may or may not have been applied; it is idempotent, so trying it again later is always safe.
            _logger.LogWarning(exception, "Transfer {TransferId}: {Kind} on {AccountId} failed; will retry", TransferId, kind, accountId);
            ScheduleRetry(NextRetryDelay());
            return null;
        }
    }

    /// <summary>transfer.completed on the sender's stream, and on the recipient's when it is someone else.</summary>
    private DomainEvent[] CompletedEvents()
    {
        var at = State.CompletedAt ?? _time.GetUtcNow();
        var sender = Completed(State.CallerId, at);
        return State.ToOwnerId.Length > 0 && State.ToOwnerId != State.CallerId ? [sender, Completed(State.ToOwnerId, at)] : [sender];
    }

    private DomainEvent Completed(string userId, DateTimeOffset at) =>
        DomainEvents.ForUser(userId, DomainEventTypes.TransferCompleted, at, writer =>
        {
            writer.WriteString("transferId", TransferId);
            writer.WriteString("fromAccountId", State.FromAccountId);
            writer.WriteString("toAccountId", State.ToAccountId);
            writer.WriteNumber("amount", State.Amount);
            writer.WriteString("currency", State.Currency);
        });

    private TimeSpan NextRetryDelay()
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(_failedAttempts, 16));
        _failedAttempts++;
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    private void ScheduleRetry(TimeSpan delay)
    {
        // The period is the delay too: a tick that fails re-arms itself with the (updated) period.
        var period = delay > TimeSpan.Zero ? delay : FirstRetryDelay;
        if (_retryTimer is null)
        {
            _retryTimer = this.RegisterGrainTimer(
                static (grain, _) => grain.AdvanceAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = delay, Period = period, KeepAlive = true });
        }
        else
        {
            _retryTimer.Change(delay, period);
        }
    }

    private TransferResult Result(bool replayed)
    {
        if (State.Step == TransferStep.Failed)
        {
            return new TransferResult(State.Failure, null, replayed);
        }

        var status = State.Step == TransferStep.Completed ? TransferStatus.Completed : TransferStatus.Pending;
        var snapshot = new TransferSnapshot(
            TransferId,
            State.FromAccountId,
            State.ToAccountId,
            State.Amount,
            State.Currency,
            status,
            State.CreatedAt,
            State.CompletedAt,
            State.Reference);
        return new TransferResult(status == TransferStatus.Completed ? MoneyOutcome.Applied : MoneyOutcome.Pending, snapshot, replayed);
    }
}
