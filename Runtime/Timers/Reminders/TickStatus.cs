using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>Which tick of a reminder is being delivered (times in UTC).</summary>
/// <param name="FirstTickTime">When the reminder's first tick was due.</param>
/// <param name="Period">Time between ticks.</param>
/// <param name="CurrentTickTime">When this tick was due (missed ticks are delivered once, as the latest of them).</param>
[GenerateSerializer]
public readonly record struct TickStatus(
    [property: Id(0)] DateTime FirstTickTime,
    [property: Id(1)] TimeSpan Period,
    [property: Id(2)] DateTime CurrentTickTime);
