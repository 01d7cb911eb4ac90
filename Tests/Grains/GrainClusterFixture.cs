using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using OrleansBackend.Grains.Money;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// A 3-silo cluster of the project's silos (<see cref="BackendCluster"/>: Redis membership, PostgreSQL state, reminders
/// and streams) for the grain tests, on the real clock. Every silo carries the test's faults and recorders: a transfer
/// leg that can be made to lose its call, where each grain was last called, and the call chains.
/// </summary>
public class GrainClusterFixture : IAsyncLifetime
{
    /// <summary>The balance limit of the cluster's accounts, low enough to reach in a test.</summary>
    public const long MaxBalance = 1_000_000;

    private readonly bool _fakeClock;
    private readonly Action<ISiloBuilder>? _configureSilo;
    private BackendCluster? _backend;

    /// <summary>A cluster on the real clock.</summary>
    public GrainClusterFixture()
        : this(fakeClock: false)
    {
    }

    /// <summary>
    /// A cluster on <see cref="Clock"/> when <paramref name="fakeClock"/>, else on the real clock; <paramref name="configureSilo"/>
    /// adds a test's own services to each silo.
    /// </summary>
    protected GrainClusterFixture(bool fakeClock, Action<ISiloBuilder>? configureSilo = null)
    {
        _fakeClock = fakeClock;
        _configureSilo = configureSilo;
    }

    /// <summary>
    /// With <see cref="FakeClockClusterFixture"/>, the clock of the grains, their timers and reminders (Orleans' own
    /// membership and messaging keep real time); otherwise unused.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(WholeSecond(DateTimeOffset.UtcNow));

    /// <summary>Transfer legs armed to lose their call.</summary>
    public LostLegCall LostLegs { get; } = new();

    /// <summary>The silo each grain was last called on.</summary>
    public CallSites Sites { get; } = new();

    /// <summary>Every grain-to-grain call and every call chain that came back to a grain already in it.</summary>
    public CallChainRecorder CallChains { get; } = new();

    /// <summary>The cluster.</summary>
    public BackendCluster Backend => _backend ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>Orleans' handle on the cluster.</summary>
    public TestCluster Cluster => Backend.Cluster;

    /// <summary>Grain calls through the cluster's client, as the Api makes them.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Grain storage and the reminder table, as the silos see them.</summary>
    public ClusterStores Stores => new(Cluster);

    /// <summary>Starts a cluster of its own for a test that breaks it (kills a silo), on the real clock.</summary>
    public static async Task<GrainClusterFixture> StartAsync(Action<ISiloBuilder> configureSilo)
    {
        var cluster = new GrainClusterFixture(fakeClock: false, configureSilo);
        await cluster.InitializeAsync();
        return cluster;
    }

    public async Task InitializeAsync()
    {
        _backend = await BackendCluster.StartAsync(Configure, silos: 3);
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    /// <summary>What every silo of a grain test cluster adds: the limits, the clock, the faults and the recorders.</summary>
    private void Configure(ISiloBuilder silo)
    {
        silo.Services.Configure<AccountOptions>(options => options.MaxBalance = MaxBalance);
        if (_fakeClock)
        {
            silo.Services.UseFakeClock(Clock);
        }

        silo.AddIncomingGrainCallFilter(LostLegs);
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(services => Sites.On(services.GetRequiredService<ILocalSiloDetails>().SiloAddress));
        CallChains.AddTo(silo);
        _configureSilo?.Invoke(silo);
    }

    // PostgreSQL keeps microseconds: a clock on a whole second reads back from the reminder table as it was written.
    private static DateTimeOffset WholeSecond(DateTimeOffset at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
