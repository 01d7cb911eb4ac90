namespace OrleansBackend.Grains.Money;

/// <summary>How long idempotency records and transfer markers are kept.</summary>
public static class IdempotencyPolicy
{
    /// <summary>An idempotency key and the answer it got are kept at least this long.</summary>
    public static readonly TimeSpan KeyRetention = TimeSpan.FromHours(24);

    /// <summary>
    /// A transfer leg applied to an account is remembered this long, so a saga that resumes late still finds it.
    /// Sagas retry within minutes; this only bounds the marker set of very busy accounts.
    /// </summary>
    public static readonly TimeSpan TransferLegRetention = TimeSpan.FromDays(30);

    /// <summary>Expired records are swept at most this often per account.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);
}
