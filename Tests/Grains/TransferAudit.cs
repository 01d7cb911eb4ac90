using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// What transfers must have left behind however they were interrupted: each one final — completed (debited and credited
/// once) or not (nothing applied, or the debit refunded once) — every balance equal to its ledger and never below zero
/// on the way, and the money conserved.
/// </summary>
public static class TransferAudit
{
    /// <summary>Retries each transfer (as a caller whose call failed would) until it answers a final outcome.</summary>
    public static async Task<Dictionary<string, MoneyOutcome>> SettleAsync(Bank bank, IEnumerable<PlannedTransfer> transfers, TimeSpan deadline)
    {
        var outcomes = new Dictionary<string, MoneyOutcome>();
        foreach (var transfer in transfers)
        {
            await Eventually.True(
                async () =>
                {
                    try
                    {
                        var result = await transfer.ExecuteAsync(bank);
                        outcomes[transfer.TransferId] = result.Outcome;
                        return result.Outcome != MoneyOutcome.Pending;
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // While the cluster notices the dead silo, a call may fail; the next attempt goes elsewhere.
                        return false;
                    }
                },
                $"transfer {transfer.TransferId} answered a final outcome",
                deadline);
        }

        return outcomes;
    }

    /// <summary>Checks every account and transfer against <paramref name="outcomes"/> and the money paid in.</summary>
    public static async Task AssertSettledAsync(
        Bank bank,
        IReadOnlyDictionary<string, string> ownerOfAccount,
        IEnumerable<PlannedTransfer> transfers,
        IReadOnlyDictionary<string, MoneyOutcome> outcomes,
        long paidIn)
    {
        var ledgers = new Dictionary<string, List<LedgerEntry>>();
        long total = 0;
        foreach (var (account, owner) in ownerOfAccount)
        {
            var entries = await bank.EntriesAsync(owner, account);
            long running = 0;
            foreach (var entry in entries)
            {
                running += entry.SignedAmount;
                Assert.Equal(running, entry.BalanceAfter);
                Assert.True(running >= 0, $"{account} went below zero at entry {entry.Sequence}");
            }

            Assert.Equal(running, await bank.BalanceAsync(account));
            ledgers[account] = entries;
            total += running;
        }

        Assert.Equal(paidIn, total);
        foreach (var transfer in transfers)
        {
            var debits = ledgers[transfer.From].Count(e => e.TransferId == transfer.TransferId && e.Kind == EntryKind.TransferOut);
            var refunds = ledgers[transfer.From].Count(e => e.TransferId == transfer.TransferId && e.Kind == EntryKind.TransferIn);
            var credits = ledgers[transfer.To].Count(e => e.TransferId == transfer.TransferId && e.Kind == EntryKind.TransferIn);
            var expected = outcomes[transfer.TransferId] switch
            {
                MoneyOutcome.Applied => (1, 0, 1),
                MoneyOutcome.LimitExceeded => (1, 1, 0),
                _ => (0, 0, 0),
            };
            Assert.True(expected == (debits, refunds, credits), $"transfer {transfer.TransferId} ended {outcomes[transfer.TransferId]} with {debits} debit(s), {refunds} refund(s), {credits} credit(s)");
        }
    }
}
