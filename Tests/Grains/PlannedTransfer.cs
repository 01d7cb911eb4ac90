using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Tests.Grains;

/// <summary>A transfer a test runs: its id, who asks for it, between which accounts, how much.</summary>
public sealed record PlannedTransfer(string TransferId, string Owner, string From, string To, long Amount)
{
    /// <summary>Runs it, or retries it with the same id and content (idempotent: a retry only moves the saga on or reads it).</summary>
    public Task<TransferResult> ExecuteAsync(Bank bank) => bank.TransferAsync(Owner, From, To, Amount, TransferId);
}
