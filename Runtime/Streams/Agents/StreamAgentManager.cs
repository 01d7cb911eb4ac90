using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Placement;
using OrleansBackend.Runtime.Streams.Core;

namespace OrleansBackend.Runtime.Streams.Agents;

/// <summary>
/// Runs a pulling agent for every partition of every stream provider that this silo owns
/// (<see cref="IGrainOwnership.IsOwnedLocally(string, int)"/>), and moves them when membership changes: agents of
/// partitions no longer owned stop (recording their progress), newly owned partitions get one.
/// </summary>
internal sealed class StreamAgentManager : IHostedService
{
    private readonly List<ProviderAgents> _providers = [];
    private readonly IGrainOwnership _ownership;
    private readonly IServiceProvider _services;
    private readonly ILogger<StreamAgentManager> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _rebalanceGate = new(1, 1);
    private Task _background = Task.CompletedTask;
    private ClusterSiloRuntime? _cluster;

    public StreamAgentManager(IEnumerable<StreamProviderRegistration> registrations, IGrainOwnership ownership, IServiceProvider services, ILogger<StreamAgentManager> logger)
    {
        _ownership = ownership;
        _services = services;
        _logger = logger;
        foreach (var registration in registrations)
        {
            _providers.Add(new ProviderAgents(services.GetRequiredKeyedService<StreamProviderRuntime>(registration.Name)));
        }
    }

    /// <summary>Partitions this silo runs agents for, by provider (for tests and diagnostics).</summary>
    public IReadOnlyList<int> OwnedPartitions(string provider)
    {
        foreach (var agents in _providers)
        {
            if (agents.Provider.Name == provider)
            {
                lock (agents.Agents)
                {
                    return [.. agents.Agents.Keys.Order()];
                }
            }
        }

        return [];
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _cluster = _services.GetService<ClusterSiloRuntime>();
        var version = _ownership.Version;
        foreach (var agents in _providers)
        {
            agents.Watcher = new SubscriptionChangeWatcher(agents.Provider.RequireStore(), agents.Find, _logger);
            try
            {
                await agents.Watcher.InitializeAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The store is down: agents retry on their own; the watcher starts from the oldest change it can find.
                _logger.LogWarning(exception, "Stream provider {Provider} could not read its subscription changes at start-up", agents.Provider.Name);
            }
        }

        await RebalanceAsync();
        using (ExecutionContext.SuppressFlow())
        {
            _background = Task.WhenAll(
                Task.Run(() => WatchOwnershipAsync(version, _stopping.Token)),
                Task.Run(() => PollChangesAsync(_stopping.Token)));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _background.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // A killed silo records nothing, like a process that died: the next owner starts from the last record.
        var killed = _cluster is { IsKilled: true };
        var stops = new List<Task>();
        foreach (var agents in _providers)
        {
            lock (agents.Agents)
            {
                foreach (var agent in agents.Agents.Values)
                {
                    stops.Add(agent.StopAsync(recordProgress: !killed));
                }

                agents.Agents.Clear();
            }
        }

        await Task.WhenAll(stops).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchOwnershipAsync(long version, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _ownership.WaitForChangeAsync(version, cancellationToken);
                version = _ownership.Version;
                await RebalanceAsync();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Moving stream partitions after a membership change failed");
            }
        }
    }

    private async Task PollChangesAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var agents in _providers)
            {
                await agents.Watcher!.PollAsync(cancellationToken);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RebalanceAsync()
    {
        await _rebalanceGate.WaitAsync();
        try
        {
            foreach (var agents in _providers)
            {
                var provider = agents.Provider;
                var stops = new List<Task>();
                for (var partition = 0; partition < provider.RequireStore().PartitionCount; partition++)
                {
                    var owned = !_stopping.IsCancellationRequested && _ownership.IsOwnedLocally(provider.OwnershipResource, partition);
                    lock (agents.Agents)
                    {
                        if (owned && !agents.Agents.ContainsKey(partition))
                        {
                            var agent = new PartitionAgent(provider, partition, agents.Watcher!, provider.Logger);
                            agents.Agents[partition] = agent;
                            agent.Start();
                        }
                        else if (!owned && agents.Agents.Remove(partition, out var agent))
                        {
                            stops.Add(agent.StopAsync(recordProgress: true));
                        }
                    }
                }

                await Task.WhenAll(stops);
            }
        }
        finally
        {
            _rebalanceGate.Release();
        }
    }

    /// <summary>One provider's agents by partition.</summary>
    private sealed class ProviderAgents
    {
        public ProviderAgents(StreamProviderRuntime provider)
        {
            Provider = provider;
        }

        public StreamProviderRuntime Provider { get; }

        public Dictionary<int, PartitionAgent> Agents { get; } = [];

        public SubscriptionChangeWatcher? Watcher { get; set; }

        public PartitionAgent? Find(int partition)
        {
            lock (Agents)
            {
                return Agents.TryGetValue(partition, out var agent) ? agent : null;
            }
        }
    }
}
