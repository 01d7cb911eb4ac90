using Orleans;

namespace OrleansBackend.Grains.Interfaces.Money;

/// <summary>
/// One per transfer (key: a transfer id derived from the caller and the idempotency key): a saga with durable
/// state — debit the source, credit the destination, complete — that resumes from its saved step after a crash.
/// </summary>
[Alias("OrleansBackend.ITransferGrain")]
public interface ITransferGrain : IGrainWithStringKey
{
    /// <summary>Runs the transfer, or answers as the first run did.</summary>
    /// <remarks>
    /// Safe to repeat: the grain is the transfer (its key derives from caller and idempotency key), and a second call
    /// with the same command moves the saved saga on and answers as the first would have — so a call whose answer was
    /// lost during a rolling restart is called once more instead of costing the client a 503.
    /// </remarks>
    [Alias("Execute")]
    [SafeToRepeat]
    Task<TransferResult> Execute(TransferCommand command);

    /// <summary>The transfer if <paramref name="callerId"/> owns either account, else not found.</summary>
    [Alias("Get")]
    Task<TransferResult> Get(string callerId);
}
