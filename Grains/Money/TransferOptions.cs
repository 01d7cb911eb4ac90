namespace OrleansBackend.Grains.Money;

/// <summary>Transfer settings (configuration section <c>Transfers</c>).</summary>
public sealed class TransferOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Transfers";

    /// <summary>
    /// How long after it starts (and then how often) a transfer's durable reminder resumes it if it has not reached a
    /// final state: the fallback for a saga whose silo died mid-way. It must be at least
    /// <c>Reminders:MinimumPeriod</c>. While the saga's own silo lives, a grain timer retries sooner.
    /// </summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromMinutes(1);
}
