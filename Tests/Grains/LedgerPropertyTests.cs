using FsCheck;
using FsCheck.Fluent;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Tests.Api;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Random deposits, withdrawals and transfers (some retried with the same key) keep every balance equal to the
/// sum of its entries, never below zero, equal to a model of the operations, and conserve the total: deposits minus
/// withdrawals. On three silos; a modest number of cases, so the property runs in seconds.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class LedgerPropertyTests : IClassFixture<GrainClusterFixture>
{
    private const int Accounts = 3;
    private const int Cases = 30;
    private const int MaxOperations = 20;
    private readonly Bank _bank;

    public LedgerPropertyTests(GrainClusterFixture fixture)
    {
        _bank = new Bank(fixture.Grains);
    }

    public enum OpKind
    {
        Deposit,
        Withdrawal,
        Transfer,
    }

    public sealed record Op(OpKind Kind, int From, int To, long Amount, bool Retried);

    [Fact]
    public void BalancesEqualTheirEntriesAndMoneyIsConserved()
    {
        var op =
            from kind in Gen.Elements(OpKind.Deposit, OpKind.Withdrawal, OpKind.Transfer)
            from accountFrom in Gen.Choose(0, Accounts - 1)
            from offset in Gen.Choose(1, Accounts - 1)
            from amount in Gen.Frequency((3, Gen.Choose(1, 400)), (1, Gen.Choose(400, 5_000)))
            from retried in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new Op(kind, accountFrom, (accountFrom + offset) % Accounts, amount, retried);
        var sequences = Gen.Sized(size => Gen.Choose(1, Math.Max(1, Math.Min(size, MaxOperations))).SelectMany(n => Gen.ListOf(op, n)));

        var property = Prop.ForAll(
            sequences.ToArbitrary(),
            ops => Assert.True(Task.Run(() => HoldsAsync(ops)).GetAwaiter().GetResult(), $"Broken by: {string.Join(", ", ops)}"));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), property);
    }

    private async Task<bool> HoldsAsync(IList<Op> ops)
    {
        var owner = Bank.NewOwner();
        var accounts = new string[Accounts];
        for (var i = 0; i < Accounts; i++)
        {
            accounts[i] = await _bank.OpenAsync(owner);
        }

        var model = new long[Accounts];
        long paidIn = 0;
        long paidOut = 0;
        foreach (var op in ops)
        {
            var key = Guid.NewGuid().ToString("N");
            var transferId = Bank.NewTransferId();
            MoneyOutcome? firstOutcome = null;
            for (var attempt = 0; attempt < (op.Retried ? 2 : 1); attempt++)
            {
                switch (op.Kind)
                {
                    case OpKind.Deposit:
                        var deposit = await _bank.DepositAsync(owner, accounts[op.From], op.Amount, key);
                        if (attempt == 0 && deposit.Outcome == MoneyOutcome.Applied)
                        {
                            model[op.From] += op.Amount;
                            paidIn += op.Amount;
                        }

                        break;
                    case OpKind.Withdrawal:
                        var withdrawal = await _bank.WithdrawAsync(owner, accounts[op.From], op.Amount, key);
                        var expected = firstOutcome ?? (model[op.From] >= op.Amount ? MoneyOutcome.Applied : MoneyOutcome.InsufficientFunds);
                        if (withdrawal.Outcome != expected)
                        {
                            return false;
                        }

                        firstOutcome = withdrawal.Outcome;

                        if (attempt == 0 && withdrawal.Outcome == MoneyOutcome.Applied)
                        {
                            model[op.From] -= op.Amount;
                            paidOut += op.Amount;
                        }

                        break;
                    default:
                        var transfer = await _bank.TransferAsync(owner, accounts[op.From], accounts[op.To], op.Amount, transferId);
                        if (transfer.Outcome != (firstOutcome ?? (model[op.From] >= op.Amount ? MoneyOutcome.Applied : MoneyOutcome.InsufficientFunds)))
                        {
                            return false;
                        }

                        firstOutcome = transfer.Outcome;
                        if (attempt == 0 && transfer.Outcome == MoneyOutcome.Applied)
                        {
                            model[op.From] -= op.Amount;
                            model[op.To] += op.Amount;
                        }

                        break;
                }
            }
        }

        long total = 0;
        for (var i = 0; i < Accounts; i++)
        {
            var balance = await _bank.BalanceAsync(accounts[i]);
            var entries = await _bank.EntriesAsync(owner, accounts[i]);
            long running = 0;
            foreach (var entry in entries)
            {
                running += entry.SignedAmount;
                if (entry.BalanceAfter != running || running < 0)
                {
                    return false;
                }
            }

            if (balance != running || balance != model[i])
            {
                return false;
            }

            total += balance;
        }

        return total == paidIn - paidOut;
    }
}
