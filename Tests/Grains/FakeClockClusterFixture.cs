namespace OrleansBackend.Tests.Grains;

/// <summary>
/// A <see cref="GrainClusterFixture"/> whose grains, grain timers and reminders run on <see cref="GrainClusterFixture.Clock"/>.
/// Stream events on this cluster are delivered only as that clock moves (some part of the PostgreSQL stream's delivery
/// follows the default clock): a test that waits for events moves the clock on while it waits.
/// </summary>
public sealed class FakeClockClusterFixture : GrainClusterFixture
{
    public FakeClockClusterFixture()
        : base(fakeClock: true)
    {
    }
}
