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
    [Alias("Execute")]
    Task<TransferResult> Execute(TransferCommand command);

    /// <summary>The transfer if <paramref name="callerId"/> owns either account, else not found.</summary>
    [Alias("Get")]
    Task<TransferResult> Get(string callerId);
}
