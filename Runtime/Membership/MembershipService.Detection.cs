using Microsoft.Extensions.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Messaging.Transport;

namespace OrleansBackend.Runtime.Membership;

/// <summary>The background loops: refresh, heartbeat, probing and voting.</summary>
internal sealed partial class MembershipService
{
    private async Task ValidateConnectivityAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var table = await _table.ReadAllAsync(cancellationToken);
            var others = table.Entries
                .Select(r => r.Entry)
                .Where(e => e.Address != _local.Address && e.Status is SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown)
                .ToList();
            var outcomes = await Task.WhenAll(others.Select(async e => (Entry: e, Outcome: await ProbeOrGoneAsync(e.Address, cancellationToken))));
            var unreachable = 0;
            var now = _timeProvider.GetUtcNow();
            foreach (var (entry, outcome) in outcomes)
            {
                if (outcome == ProbeOutcome.Answered)
                {
                    continue;
                }

                unreachable++;

                // A silo that is merely slow to answer a joining silo is not voted dead; one that is certainly gone,
                // or has stopped writing heartbeats, is.
                var stale = now - entry.IAmAliveTime > (_options.IAmAliveInterval * 2) + _options.ProbeTimeout;
                if (outcome == ProbeOutcome.Gone || stale)
                {
                    await TryVoteDeadAsync(entry.Address, definite: outcome == ProbeOutcome.Gone, cancellationToken);
                }
            }

            if (unreachable == 0)
            {
                return;
            }

            _logger.LogInformation("Joining silo {Silo} waits for {Count} unreachable silos to be declared dead", _local.Address, unreachable);
            await Task.Delay(_options.ProbeInterval, _timeProvider, cancellationToken);
        }
    }

    private Task<ProbeOutcome> ProbeOrGoneAsync(SiloAddress address, CancellationToken cancellationToken)
    {
        // An older generation of our own endpoint is certainly gone: we are listening there now.
        if (address.Host == _local.Address.Host && address.Port == _local.Address.Port)
        {
            return Task.FromResult(ProbeOutcome.Gone);
        }

        return _connections.ProbeAsync(address, _options.ProbeTimeout, cancellationToken);
    }

    private async Task RefreshLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _refreshSignal.WaitAsync(_options.TableRefreshInterval, token);
                await RefreshAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Reading the membership table failed; keeping the last view");
                await DelayAsync(_options.TableRefreshInterval, token);
            }
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            await DelayAsync(_options.IAmAliveInterval, token);
            try
            {
                await _table.UpdateIAmAliveAsync(_local.Address, _timeProvider.GetUtcNow(), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Writing the heartbeat failed");
            }
        }
    }

    private async Task ProbeLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            await DelayAsync(_options.ProbeInterval, token);
            foreach (var target in ChooseProbeTargets(_view.Current))
            {
                // Probes overlap, so one that waits for its timeout does not delay the next; but never more
                // than the miss limit in flight for one silo.
                lock (_probesInFlight)
                {
                    var inFlight = _probesInFlight.GetValueOrDefault(target);
                    if (inFlight >= _options.MissedProbesLimit)
                    {
                        continue;
                    }

                    _probesInFlight[target] = inFlight + 1;
                }

                _ = ProbeAndVoteAsync(target, token);
            }
        }
    }

    private async Task ProbeAndVoteAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await _connections.ProbeAsync(target, _options.ProbeTimeout, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            int missed;
            lock (_missedProbes)
            {
                missed = outcome == ProbeOutcome.Answered ? 0 : _missedProbes.GetValueOrDefault(target) + 1;
                _missedProbes[target] = missed;
            }

            if (outcome == ProbeOutcome.Gone || missed >= _options.MissedProbesLimit)
            {
                _logger.LogWarning("Silo {Silo} missed {Missed} probes ({Outcome}); voting it dead", target, missed, outcome);
                await TryVoteDeadAsync(target, definite: outcome == ProbeOutcome.Gone, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Probing {Silo} failed", target);
        }
        finally
        {
            lock (_probesInFlight)
            {
                _probesInFlight[target] = _probesInFlight.GetValueOrDefault(target) - 1;
            }
        }
    }

    /// <summary>The silos this silo watches: its successors on a ring of active silos ordered by hash.</summary>
    private List<SiloAddress> ChooseProbeTargets(ClusterMembershipSnapshot snapshot)
    {
        var ring = snapshot.ActiveSilos
            .Where(s => s != _local.Address)
            .OrderBy(s => StableHash.Combine(StableHash.Of(s.ToParsableString()), 1))
            .ToList();
        if (ring.Count <= _options.ProbedSilos)
        {
            return ring;
        }

        var own = StableHash.Combine(StableHash.Of(_local.Address.ToParsableString()), 1);
        var start = ring.FindIndex(s => StableHash.Combine(StableHash.Of(s.ToParsableString()), 1) > own);
        if (start < 0)
        {
            start = 0;
        }

        var chosen = new List<SiloAddress>(_options.ProbedSilos);
        for (var i = 0; i < _options.ProbedSilos; i++)
        {
            chosen.Add(ring[(start + i) % ring.Count]);
        }

        return chosen;
    }

    private void OnPeerGone(SiloAddress silo)
    {
        if (_stopping.IsCancellationRequested || !_view.Current.IsActive(silo))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await TryVoteDeadAsync(silo, definite: true, _stopping.Token);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                _logger.LogDebug(exception, "Voting {Silo} dead failed", silo);
            }
        });
    }

    /// <summary>
    /// Adds this silo's vote against <paramref name="target"/>; declares it dead when the fresh votes reach the
    /// quorum (or at once when the evidence is certain). Conditional writes retry when someone else wrote first.
    /// </summary>
    private async Task TryVoteDeadAsync(SiloAddress target, bool definite, CancellationToken cancellationToken)
    {
        lock (_votesInFlight)
        {
            if (!_votesInFlight.Add(target))
            {
                return;
            }
        }

        try
        {
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var table = await _table.ReadAllAsync(cancellationToken);
                var row = table.Entries.FirstOrDefault(r => r.Entry.Address == target);
                if (row is null || row.Entry.Status == SiloStatus.Dead)
                {
                    return;
                }

                var now = _timeProvider.GetUtcNow();
                var votes = row.Entry.Suspicions
                    .Where(v => v.Voter != _local.Address && now - v.Time < _options.DeathVoteExpiration)
                    .Append(new SuspectVote(_local.Address, now))
                    .ToList();
                var voters = table.Entries.Count(r => r.Entry.Status == SiloStatus.Active && r.Entry.Address != target);
                var needed = definite ? 1 : Math.Max(1, Math.Min(_options.VotesForDeath, voters));
                var dead = votes.Count >= needed;
                var updated = row.Entry with { Suspicions = votes, Status = dead ? SiloStatus.Dead : row.Entry.Status };
                if (await _table.UpdateRowAsync(updated, row.Etag, table.Version, cancellationToken))
                {
                    if (dead)
                    {
                        _logger.LogWarning("Declared silo {Silo} dead ({Votes} votes{Certain})", target, votes.Count, definite ? ", certain" : string.Empty);
                        _connections.BroadcastToSilos(FrameType.MembershipChanged, table.Version + 1);
                        SignalRefresh();
                    }

                    return;
                }

                await Task.Delay(Jitter(), _timeProvider, cancellationToken);
            }
        }
        finally
        {
            lock (_votesInFlight)
            {
                _votesInFlight.Remove(target);
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
