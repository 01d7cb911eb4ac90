using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansBackend.Bench.Reporting;

namespace OrleansBackend.Bench.Load;

/// <summary>
/// Drives one mix through the API from <c>connections</c> concurrent workers, each sending its next request as soon
/// as the previous one is answered (closed loop), until the duration is up. Live counters let callers report
/// progress or cut the run into phases; the balances the 201 answers promise are tracked so they can be checked.
/// </summary>
public sealed class LoadRunner(ApiClient client, BenchUser[] users, int connections)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<int, long> _errors = new();
    private long[] _deltas = [];
    private bool[] _unclear = [];
    private long _completed;
    private long _failed;
    private long _acknowledged;
    private int _round;

    /// <summary>Requests answered (or failed) so far in the current run.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Requests that were not answered 2xx so far in the current run.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>
    /// The money the current run's acknowledged (201) writes added over all accounts: its deposits (transfers move money
    /// between the users' accounts and add nothing).
    /// </summary>
    public long AcknowledgedNet => _deltas.Sum();

    /// <summary>
    /// Runs one mix for <paramref name="duration"/>. With <paramref name="ratePerSecond"/> the workers pace
    /// themselves to that total rate (open loop) and latency counts from each request's scheduled time, so a
    /// server that falls behind shows its queueing instead of slowing the generator down. With
    /// <paramref name="extendUntil"/> the run goes on past <paramref name="duration"/> until that task completes (a
    /// rolling restart that took longer than planned is measured to its end).
    /// </summary>
    public async Task<LoadResult> RunAsync(LoadMix mix, TimeSpan duration, bool progress, bool checkBalances, CancellationToken cancellationToken, double ratePerSecond = 0, Task? extendUntil = null)
    {
        // Each run has its own Idempotency-Keys: a key from an earlier run would be a replay with no effect.
        _round++;
        _errors.Clear();
        _completed = 0;
        _failed = 0;
        _acknowledged = 0;
        _deltas = new long[users.Length];
        _unclear = new bool[users.Length];
        var before = checkBalances && mix != LoadMix.Read ? await ReadBalancesAsync(cancellationToken) : null;

        var histograms = Enumerable.Range(0, connections).Select(_ => new LatencyHistogram()).ToArray();
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var interval = ratePerSecond > 0 ? (long)(Stopwatch.Frequency * connections / ratePerSecond) : 0;
        await using (progress ? new ProgressLine(e => $"{mix.Name()} {e.TotalSeconds:0}s  {Completed / Math.Max(e.TotalSeconds, 0.001):N0} req/s  errors {Failed:N0}") : null)
        {
            var workers = new Task[connections];
            for (var i = 0; i < connections; i++)
            {
                var worker = i;
                workers[i] = Task.Run(() => WorkerAsync(mix, worker, stopAt, extendUntil, interval, histograms[worker], cancellationToken), cancellationToken);
            }

            await Task.WhenAll(workers);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var total = new LatencyHistogram();
        foreach (var h in histograms)
        {
            total.Add(h);
        }

        BalanceCheck? check = null;
        if (before is not null)
        {
            var after = await ReadBalancesAsync(cancellationToken);
            var mismatches = 0;
            var unclear = 0;
            for (var i = 0; i < users.Length; i++)
            {
                if (_unclear[i])
                {
                    unclear++;
                }
                else if (after[i] != before[i] + _deltas[i])
                {
                    mismatches++;
                    Console.Error.WriteLine($"balance mismatch on {users[i].AccountId}: before {before[i]}, acknowledged {_deltas[i]:+#;-#;0}, after {after[i]}");
                }
            }

            check = new BalanceCheck(_acknowledged, mismatches, unclear);
        }

        return new LoadResult(mix.Name(), elapsed, total, new Dictionary<int, long>(_errors), check);
    }

    private async Task WorkerAsync(LoadMix mix, int worker, long stopAt, Task? extendUntil, long interval, LatencyHistogram histogram, CancellationToken cancellationToken)
    {
        var userIndex = worker % users.Length;
        var user = users[userIndex];
        long sequence = worker;
        var scheduled = Stopwatch.GetTimestamp() + (interval * worker / connections);
        while (!cancellationToken.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            if (interval > 0)
            {
                if (scheduled > start)
                {
                    await Task.Delay(Stopwatch.GetElapsedTime(start, scheduled), cancellationToken);
                }

                start = scheduled;
                scheduled += interval;
            }

            if (start >= stopAt && extendUntil?.IsCompleted != false)
            {
                return;
            }

            var op = mix.Pick(sequence);
            var status = 0;
            var other = users.Length > 1 ? (userIndex + 1 + (int)(sequence % (users.Length - 1))) % users.Length : userIndex;
            try
            {
                var key = $"{_run}-{_round}-{worker}-{sequence}";
                var answer = op switch
                {
                    LoadMix.Deposit => await client.DepositAsync(user.Token, user.AccountId, 100, key, cancellationToken),
                    LoadMix.Transfer when other != userIndex => await client.TransferAsync(user.Token, user.AccountId, users[other].AccountId, 1, key, cancellationToken),
                    _ => await client.GetAccountAsync(user.Token, user.AccountId, cancellationToken),
                };
                status = answer.Status;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                status = 0;
            }

            histogram.Record(Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _completed);
            Account(op, status, userIndex, other);
            sequence += connections;
        }
    }

    private void Account(LoadMix op, int status, int userIndex, int other)
    {
        if (status is < 200 or >= 300)
        {
            Interlocked.Increment(ref _failed);
            _errors.AddOrUpdate(status, 1, (_, n) => n + 1);
        }

        if (op == LoadMix.Read || (op == LoadMix.Transfer && other == userIndex))
        {
            return;
        }

        if (status == 201)
        {
            Interlocked.Increment(ref _acknowledged);
            if (op == LoadMix.Deposit)
            {
                Interlocked.Add(ref _deltas[userIndex], 100);
            }
            else
            {
                Interlocked.Add(ref _deltas[userIndex], -1);
                Interlocked.Add(ref _deltas[other], 1);
            }
        }
        else if (status is 0 or 202 or >= 500)
        {
            // No clear answer: the write may or may not have happened, so these balances cannot be checked.
            _unclear[userIndex] = true;
            if (op == LoadMix.Transfer)
            {
                _unclear[other] = true;
            }
        }
    }

    /// <summary>Every user's balance, read through the API.</summary>
    public async Task<long[]> ReadBalancesAsync(CancellationToken cancellationToken)
    {
        var balances = new long[users.Length];
        await Parallel.ForAsync(0, users.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var answer = await client.GetAccountAsync(users[i].Token, users[i].AccountId, token);
            balances[i] = answer.Expect(200, "read balance").GetInt64("balance");
        });
        return balances;
    }
}
