using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Streams;

namespace OrleansBackend.Tests.Infrastructure;

/// <summary>
/// Puts a <see cref="FakeTimeProvider"/> in a host where a test drives time: grains, grain timers and reminders follow
/// it (they resolve the default clock), while Orleans' own machinery keeps real time — a silo whose membership probes,
/// message timeouts, directory and activation housekeeping or stream polling jumped 24 hours at once would declare itself
/// dead, time out every call or stall its pulling agents.
/// Stream delivery is not fully covered: with the PostgreSQL (AdoNet) stream provider, events are delivered only while
/// the fake clock moves, so a test that waits for stream events on a fake clock advances it while it waits, or runs on
/// the real clock (see Tests/Grains/ReentrancyTests.cs and ActivityFeedPagingTests.cs).
/// </summary>
public static class FakeClock
{
    /// <summary>The areas of Orleans that run on real time while the test's clock is fake.</summary>
    public static readonly IReadOnlyList<string> RealTimeAreas =
    [
        TimeProviderNames.Membership,
        TimeProviderNames.Messaging,
        TimeProviderNames.SystemTimers,
        TimeProviderNames.ActivationManagement,
        TimeProviderNames.GrainDirectory,
        StreamingTimeProviderNames.Streaming,

        // The grain-storage circuit breaker's timeouts: on the fake clock a test that moves hours at once would time
        // out every storage call in flight and open the circuit (Orleans forwards any unregistered key to the default).
        Hosting.Resilience.CircuitBreakingGrainStorage.TimeProviderKey,
    ];

    /// <summary>A fake clock that starts now (FakeTimeProvider's own default start is the year 2000).</summary>
    public static FakeTimeProvider StartingNow() => new(DateTimeOffset.UtcNow);

    /// <summary>Makes <paramref name="clock"/> the default <see cref="TimeProvider"/> and pins <see cref="RealTimeAreas"/> to the system clock.</summary>
    public static IServiceCollection UseFakeClock(this IServiceCollection services, FakeTimeProvider clock)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        foreach (var area in RealTimeAreas)
        {
            // A keyed registration for the exact key wins over Orleans' catch-all that forwards every key to the default.
            services.AddKeyedSingleton(area, TimeProvider.System);
        }

        return services;
    }
}
