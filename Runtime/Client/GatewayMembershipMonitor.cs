using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Membership;

namespace OrleansBackend.Runtime.Client;

/// <summary>
/// Keeps a client's view of the cluster current: reads the membership table periodically, and at once when a
/// gateway says it is leaving or a gateway connection drops. Silos that died lose their connections and the
/// calls waiting for them go elsewhere.
/// </summary>
internal sealed class GatewayMembershipMonitor : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterMembershipView _view;
    private readonly GatewayConnections _gateways;
    private readonly ClusterMembershipOptions _options;
    private readonly ILogger<GatewayMembershipMonitor> _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public GatewayMembershipMonitor(
        IMembershipTable table,
        ClusterMembershipView view,
        GatewayConnections gateways,
        IOptions<ClusterMembershipOptions> options,
        ILogger<GatewayMembershipMonitor> logger)
    {
        _table = table;
        _view = view;
        _gateways = gateways;
        _options = options.Value;
        _logger = logger;
        _gateways.GatewayLeaving += Signal;
        _view.Changed += OnViewChanged;
    }

    /// <summary>Reads the table until an active gateway shows up, then keeps refreshing in the background.</summary>
    public async Task StartAsync(TimeSpan waitForGateway, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(waitForGateway);
        try
        {
            await _table.InitializeAsync(deadline.Token);
            while (true)
            {
                await RefreshAsync(deadline.Token);
                if (_view.Current.Members.Any(m => m.Status == SiloStatus.Active && m.GatewayPort > 0))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"No active gateway appeared in the membership table within {waitForGateway.TotalSeconds:0} s: is a silo of this cluster running?");
        }

        _loop = RefreshLoopAsync();
    }

    public void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _gateways.GatewayLeaving -= Signal;
        _view.Changed -= OnViewChanged;
        await _loop.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var table = await _table.ReadAllAsync(cancellationToken);
        _view.TryUpdate(new ClusterMembershipSnapshot(table.Version, [.. table.Entries.Select(r => r.Entry)]));
    }

    private async Task RefreshLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(_options.TableRefreshInterval, token);
                await RefreshAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Reading the membership table failed; keeping the last view");
                try
                {
                    await Task.Delay(_options.TableRefreshInterval, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnViewChanged(ClusterMembershipSnapshot previous, ClusterMembershipSnapshot current)
    {
        foreach (var member in previous.Members)
        {
            if (member.Status != SiloStatus.Dead && current.IsDeadOrUnknown(member.Address))
            {
                _gateways.OnSiloDead(member.Address);
            }
        }
    }
}
