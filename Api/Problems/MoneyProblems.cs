using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Api.Problems;

/// <summary>
/// The problem for a refused money operation. Details depend only on the outcome, so a replayed refusal is
/// byte-for-byte the first answer.
/// </summary>
public static class MoneyProblems
{
    public static IResult For(MoneyOutcome outcome, string resource) => outcome switch
    {
        MoneyOutcome.NotFound => Problems.NotFound(resource),
        MoneyOutcome.InsufficientFunds => Problems.Result(ProblemTypes.InsufficientFunds, "The account's balance is less than the amount."),
        MoneyOutcome.LimitExceeded => Problems.Result(ProblemTypes.LimitExceeded, "The resulting balance would exceed the account's limit."),
        MoneyOutcome.CurrencyMismatch => Problems.Result(ProblemTypes.CurrencyMismatch, "The source and destination accounts hold different currencies."),
        MoneyOutcome.IdempotencyKeyReused => Problems.Result(ProblemTypes.IdempotencyKeyReused, "This Idempotency-Key was already used for a request with different content."),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a refusal."),
    };
}
