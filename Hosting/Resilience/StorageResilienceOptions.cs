namespace OrleansBackend.Hosting.Resilience;

/// <summary>
/// How a silo's grain storages behave while their database is down or slow (configuration section
/// <c>Storage:Resilience</c>): each operation gets a <see cref="Timeout"/>, and a circuit breaker per storage opens when
/// at least <see cref="FailureRatio"/> of the operations within <see cref="SamplingDuration"/> failed (and at least
/// <see cref="MinimumThroughput"/> ran), refuses operations at once for <see cref="BreakDuration"/>, then lets one probe
/// through and closes when it succeeds.
/// </summary>
public sealed class StorageResilienceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage:Resilience";

    /// <summary>
    /// How long one read, write or clear may take before it is abandoned as failed: just under the grain call's response
    /// timeout (10 s), so the caller of a hung database gets the storage's 503 with Retry-After, the activation is free
    /// again when its caller gives up (instead of waiting out Npgsql's 30 s command timeout), and enough of them open the
    /// circuit. Not shorter: a silo that has just started on a busy machine (a rolling restart under load) reads the
    /// state of the grains that move to it more slowly than 5 s, and must not be failed for it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The share of failed operations within <see cref="SamplingDuration"/> that opens the circuit (0–1].</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The window over which the failure ratio is measured.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many operations the window must hold before the ratio may open the circuit (at least 2).</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>How long an open circuit refuses operations before it lets a probe through (and the Retry-After it advises).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first problem with these values (naming the key), or null.</summary>
    public string? Problem() => this switch
    {
        { Timeout: var t } when t < TimeSpan.FromMilliseconds(10) || t > TimeSpan.FromHours(1) => $"{SectionName}:Timeout must be between 00:00:00.010 and 01:00:00.",
        { FailureRatio: var r } when !(r > 0 && r <= 1) => $"{SectionName}:FailureRatio must be more than 0 and at most 1.",
        { SamplingDuration: var s } when s < TimeSpan.FromMilliseconds(500) || s > TimeSpan.FromDays(1) => $"{SectionName}:SamplingDuration must be between 00:00:00.5 and 1.00:00:00.",
        { MinimumThroughput: < 2 } => $"{SectionName}:MinimumThroughput must be at least 2.",
        { BreakDuration: var b } when b < TimeSpan.FromMilliseconds(500) || b > TimeSpan.FromDays(1) => $"{SectionName}:BreakDuration must be between 00:00:00.5 and 1.00:00:00.",
        _ => null,
    };
}
