namespace OrleansBackend.Bench.Bank;

/// <summary>One ledger entry as the API lists it.</summary>
public sealed record LedgerEntry(string EntryId, string Kind, long Amount, string? TransferId);

/// <summary>An account as read back at the end: its balance and every entry of its ledger.</summary>
public sealed record AuditedAccount(string AccountId, long Balance, IReadOnlyList<LedgerEntry> Entries);

/// <summary>A transfer the API acknowledged with 201.</summary>
public sealed record AckedTransfer(string TransferId, string From, string To, long Amount);

/// <summary>The invariants of api.md, checked after the run.</summary>
public sealed record AuditResult(
    bool Conserved,
    long TotalBalance,
    long ExpectedTotal,
    int BalanceEntryMismatches,
    int LostAckedWrites,
    int DuplicateApplications,
    int HalfApplied)
{
    public bool Holds => Conserved && BalanceEntryMismatches == 0 && LostAckedWrites == 0 && DuplicateApplications == 0 && HalfApplied == 0;
}

/// <summary>
/// Checks the bank's invariants from what the API shows at the end: money conserved (balances add up to what was
/// deposited), each balance the signed sum of its entries, every acknowledged transfer applied exactly once on each
/// side, no transfer applied twice anywhere and none applied on one side only.
/// </summary>
public static class BankAudit
{
    public static AuditResult Check(IReadOnlyList<AuditedAccount> accounts, IReadOnlyList<AckedTransfer> acked, long deposited)
    {
        var total = accounts.Sum(a => a.Balance);
        var mismatches = accounts.Count(a => a.Balance != a.Entries.Sum(Signed));

        // Applications of each transfer per side: (transfer id, account, kind) → count.
        var applications = new Dictionary<(string TransferId, string Account, string Kind), int>();
        foreach (var account in accounts)
        {
            foreach (var entry in account.Entries)
            {
                if (entry.TransferId is { } id && entry.Kind is "transfer_in" or "transfer_out")
                {
                    var key = (id, account.AccountId, entry.Kind);
                    applications[key] = applications.GetValueOrDefault(key) + 1;
                }
            }
        }

        var duplicates = applications.Values.Count(n => n > 1);
        var lost = 0;
        foreach (var transfer in acked)
        {
            if (!applications.ContainsKey((transfer.TransferId, transfer.From, "transfer_out")))
            {
                lost++;
            }

            if (!applications.ContainsKey((transfer.TransferId, transfer.To, "transfer_in")))
            {
                lost++;
            }
        }

        var outs = applications.Keys.Where(k => k.Kind == "transfer_out").Select(k => k.TransferId).ToHashSet();
        var ins = applications.Keys.Where(k => k.Kind == "transfer_in").Select(k => k.TransferId).ToHashSet();
        var halfApplied = outs.Count(id => !ins.Contains(id)) + ins.Count(id => !outs.Contains(id));
        return new AuditResult(total == deposited, total, deposited, mismatches, lost, duplicates, halfApplied);
    }

    private static long Signed(LedgerEntry entry) => entry.Kind is "deposit" or "transfer_in" ? entry.Amount : -entry.Amount;
}
