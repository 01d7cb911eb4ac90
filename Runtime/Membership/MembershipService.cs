using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Messaging.Transport;

namespace OrleansBackend.Runtime.Membership;

/// <summary>
/// A silo's part in cluster membership. It joins (row as Joining, checks it can reach every live silo, then
/// Active), heartbeats, re-reads the table (at once when gossip says it changed), probes its successors on the
/// ring and votes silos dead when they stop answering, and leaves (ShuttingDown, then Dead). A silo that finds
/// itself declared dead stops serving: it never comes back; a restarted process joins with a new generation.
/// </summary>
internal sealed partial class MembershipService : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterMembershipView _view;
    private readonly SiloConnectionManager _connections;
    private readonly LocalSiloDetails _local;
    private readonly ClusterMembershipOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MembershipService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _refreshSignal = new(0, 1);
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly Dictionary<SiloAddress, int> _probesInFlight = [];
    private readonly HashSet<SiloAddress> _votesInFlight = [];
    private Task _loops = Task.CompletedTask;
    private int _declaredDead;

    public MembershipService(
        IMembershipTable table,
        ClusterMembershipView view,
        SiloConnectionManager connections,
        LocalSiloDetails local,
        IOptions<ClusterMembershipOptions> options,
        TimeProvider timeProvider,
        ILogger<MembershipService> logger)
    {
        _table = table;
        _view = view;
        _connections = connections;
        _local = local;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _connections.MembershipChangeSignaled += SignalRefresh;
        _connections.PeerGone += OnPeerGone;
    }

    /// <summary>Called once if the cluster declares this silo dead; the silo must stop serving.</summary>
    public event Action<string>? DeclaredDead;

    /// <summary>Joins the cluster: insert as Joining, check connectivity, become Active, start the loops.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        using var join = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        join.CancelAfter(_options.JoinTimeout);
        try
        {
            await _table.InitializeAsync(join.Token);
            await _table.CleanupDefunctEntriesAsync(_timeProvider.GetUtcNow() - _options.DefunctSiloExpiration, join.Token);
            await InsertOwnRowAsync(join.Token);
            await ValidateConnectivityAsync(join.Token);
            await SetOwnStatusAsync(SiloStatus.Active, join.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Silo {_local.Address} could not join cluster '{_local.ClusterId}' within {_options.JoinTimeout.TotalSeconds:0} s: " +
                "it could not reach every live silo, or the membership table did not answer.");
        }

        await RefreshAsync(cancellationToken);
        _loops = Task.WhenAll(RefreshLoopAsync(), HeartbeatLoopAsync(), ProbeLoopAsync());
        _logger.LogInformation("Silo {Silo} ({Name}) joined cluster {ClusterId} with {Count} active silos", _local.Address, _local.SiloName, _local.ClusterId, _view.Current.ActiveSilos.Count);
    }

    /// <summary>Marks this silo as shutting down so others route its grains elsewhere.</summary>
    public Task BeginLeavingAsync(CancellationToken cancellationToken) => SetOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken);

    /// <summary>Marks this silo dead (a graceful end) and stops the loops.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SetOwnStatusAsync(SiloStatus.Dead, cancellationToken);
        }
        finally
        {
            await StopLoopsAsync();
        }
    }

    /// <summary>Stops without telling anyone (a killed silo).</summary>
    public Task StopLoopsAsync()
    {
        _stopping.Cancel();
        return _loops.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    /// <summary>Re-reads the table now.</summary>
    public void SignalRefresh()
    {
        if (_refreshSignal.CurrentCount == 0)
        {
            try
            {
                _refreshSignal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Someone else signalled first.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync();
        _connections.MembershipChangeSignaled -= SignalRefresh;
        _connections.PeerGone -= OnPeerGone;
    }

    /// <summary>Reads the table and publishes the view; detects our own death.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var table = await _table.ReadAllAsync(cancellationToken);
        var entries = new List<MembershipEntry>(table.Entries.Count);
        MembershipEntry? own = null;
        foreach (var row in table.Entries)
        {
            entries.Add(row.Entry);
            if (row.Entry.Address == _local.Address)
            {
                own = row.Entry;
            }
        }

        if (own is null || own.Status == SiloStatus.Dead)
        {
            if (!_stopping.IsCancellationRequested && Interlocked.Exchange(ref _declaredDead, 1) == 0)
            {
                var reason = own is null ? "its row disappeared from the membership table" : "the other silos declared it dead";
                _logger.LogError("Silo {Silo} stops serving: {Reason}", _local.Address, reason);
                DeclaredDead?.Invoke(reason);
            }

            return;
        }

        _view.TryUpdate(new ClusterMembershipSnapshot(table.Version, entries));
    }

    private async Task InsertOwnRowAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var entry = new MembershipEntry
        {
            Address = _local.Address,
            SiloName = _local.SiloName,
            Status = SiloStatus.Joining,
            GatewayPort = _local.GatewayPort,
            ManagementPort = _local.ManagementPort,
            StartTime = _local.StartTime,
            IAmAliveTime = now,
        };
        while (true)
        {
            var table = await _table.ReadAllAsync(cancellationToken);
            if (await _table.InsertRowAsync(entry, table.Version, cancellationToken))
            {
                return;
            }

            await Task.Delay(Jitter(), _timeProvider, cancellationToken);
        }
    }

    private async Task SetOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        while (true)
        {
            var table = await _table.ReadAllAsync(cancellationToken);
            var row = table.Entries.FirstOrDefault(r => r.Entry.Address == _local.Address)
                ?? throw new InvalidOperationException($"Silo {_local.Address} has no row in the membership table.");
            if (row.Entry.Status == SiloStatus.Dead && status != SiloStatus.Dead)
            {
                throw new InvalidOperationException($"Silo {_local.Address} was declared dead and cannot become {status}.");
            }

            var updated = row.Entry with { Status = status, IAmAliveTime = _timeProvider.GetUtcNow() };
            if (await _table.UpdateRowAsync(updated, row.Etag, table.Version, cancellationToken))
            {
                _logger.LogInformation("Silo {Silo} is now {Status}", _local.Address, status);
                _connections.BroadcastToSilos(FrameType.MembershipChanged, table.Version + 1);
                return;
            }

            await Task.Delay(Jitter(), _timeProvider, cancellationToken);
        }
    }

    private static TimeSpan Jitter() => TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50));
}
