using OrleansBackend.Runtime.Client;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Testing;

/// <summary>Builds an in-process <see cref="TestCluster"/>.</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _siloConfigurations = [];
    private readonly List<Action<IClientBuilder>> _clientConfigurations = [];
    private readonly Dictionary<string, string?> _configuration = new(StringComparer.OrdinalIgnoreCase);
    private TimeProvider? _timeProvider;

    /// <summary>Creates a builder for a cluster of <paramref name="initialSilosCount"/> silos.</summary>
    public TestClusterBuilder(int initialSilosCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialSilosCount, 1);
        Options.InitialSilosCount = initialSilosCount;
        Options.Clustered = initialSilosCount > 1;
    }

    /// <summary>The cluster's settings.</summary>
    public TestClusterOptions Options { get; } = new();

    /// <summary>Configures every silo.</summary>
    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        _siloConfigurations.Add(configure);
        return this;
    }

    /// <summary>Configures the cluster client (clustered test clusters only).</summary>
    public TestClusterBuilder ConfigureClient(Action<IClientBuilder> configure)
    {
        _clientConfigurations.Add(configure);
        return this;
    }

    /// <summary>Configures every silo with a configurator class.</summary>
    public TestClusterBuilder AddSiloBuilderConfigurator<TConfigurator>()
        where TConfigurator : ISiloConfigurator, new()
    {
        _siloConfigurations.Add(b => new TConfigurator().Configure(b));
        return this;
    }

    /// <summary>Sets a configuration value on every silo (for example <c>Messaging:ResponseTimeout</c>).</summary>
    public TestClusterBuilder WithConfiguration(string key, string? value)
    {
        _configuration[key] = value;
        return this;
    }

    /// <summary>Drives every silo's timers from <paramref name="timeProvider"/>.</summary>
    public TestClusterBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        return this;
    }

    /// <summary>Creates the cluster; call <see cref="TestCluster.DeployAsync"/> to start it.</summary>
    public TestCluster Build() => new(Options, [.. _siloConfigurations], [.. _clientConfigurations], new Dictionary<string, string?>(_configuration), _timeProvider);
}
