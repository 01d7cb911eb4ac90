using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansBackend.Bench.Load;

namespace OrleansBackend.Bench.Bank;

/// <summary>A bank user: its token and the accounts it owns.</summary>
public sealed record BankUser(string Token, string[] Accounts);

/// <summary>
/// Concurrent random transfers through the API, as careful clients make them: each transfer has one
/// Idempotency-Key, and every failure (no answer, 5xx, 429, 409 in use, 202 pending) is retried with that same key
/// until it is answered for good or a bound is reached. A client's outage is the time from its first failed attempt
/// to the answer that settled it.
/// </summary>
public sealed class BankWorkload(ApiClient client, BankUser[] users)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);
    private readonly ConcurrentBag<AckedTransfer> _acked = [];
    private readonly ConcurrentDictionary<int, long> _failures = new();
    private long _refused;
    private long _unresolved;
    private long _unexpected;
    private long _retries;
    private long _maxOutageTicks;

    public IReadOnlyList<AckedTransfer> Acked => [.. _acked];

    public long Refused => Interlocked.Read(ref _refused);

    public long Unresolved => Interlocked.Read(ref _unresolved);

    public long Unexpected => Interlocked.Read(ref _unexpected);

    public long Retries => Interlocked.Read(ref _retries);

    public double MaxOutageSeconds => Interlocked.Read(ref _maxOutageTicks) / (double)Stopwatch.Frequency;

    /// <summary>Failed attempts by status (0 = no answer), all retried.</summary>
    public IReadOnlyDictionary<int, long> Failures => new Dictionary<int, long>(_failures);

    /// <summary>Runs <paramref name="workers"/> clients until <paramref name="stopAt"/>; transfers in flight then finish (bounded).</summary>
    public Task RunAsync(int workers, long stopAt, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(w, stopAt, cancellationToken), cancellationToken)));

    private async Task WorkerAsync(int worker, long stopAt, CancellationToken cancellationToken)
    {
        var random = new Random(worker * 7919);
        var all = users.SelectMany(u => u.Accounts).ToArray();
        while (Stopwatch.GetTimestamp() < stopAt && !cancellationToken.IsCancellationRequested)
        {
            var user = users[random.Next(users.Length)];
            var from = user.Accounts[random.Next(user.Accounts.Length)];
            var to = all[random.Next(all.Length)];
            if (to == from)
            {
                continue;
            }

            await TransferAsync(user.Token, from, to, random.Next(1, 5000), $"bank-{Guid.NewGuid():N}", cancellationToken);
        }
    }

    private async Task TransferAsync(string token, string from, string to, long amount, string key, CancellationToken cancellationToken)
    {
        long? firstFailure = null;
        var delay = 50;
        while (!cancellationToken.IsCancellationRequested)
        {
            var status = 0;
            ApiAnswer answer = default;
            try
            {
                answer = await client.TransferAsync(token, from, to, amount, key, cancellationToken);
                status = answer.Status;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                status = 0;
            }

            if (status is 201 or 422 or 400 or 404)
            {
                if (firstFailure is { } since)
                {
                    RecordOutage(Stopwatch.GetTimestamp() - since);
                }

                if (status == 201)
                {
                    _acked.Add(new AckedTransfer(answer.GetString("id"), from, to, amount));
                }
                else if (status == 422)
                {
                    Interlocked.Increment(ref _refused);
                }
                else
                {
                    // The accounts exist and belong to the caller: a 400 or 404 here is a bug, not a fault.
                    Interlocked.Increment(ref _unexpected);
                    Console.Error.WriteLine($"\nunexpected {status} for transfer {key}: {System.Text.Encoding.UTF8.GetString(answer.Body)}");
                }

                return;
            }

            // No answer, 5xx, 429, 409 (in use) or 202 (pending): not settled, retry with the same key.
            if (_failures.AddOrUpdate(status, 1, (_, n) => n + 1) <= 2 && status >= 500)
            {
                // api.md: a 5xx is a bug even under faults; show the first few so they can be traced.
                Console.Error.WriteLine($"\n{status} for transfer {key}: {System.Text.Encoding.UTF8.GetString(answer.Body, 0, Math.Min(answer.Body.Length, 400))}");
            }

            firstFailure ??= Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(firstFailure.Value) > GiveUpAfter)
            {
                Interlocked.Increment(ref _unresolved);
                RecordOutage(Stopwatch.GetTimestamp() - firstFailure.Value);
                return;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(delay, cancellationToken);
            delay = Math.Min(delay * 2, 1000);
        }
    }

    private void RecordOutage(long ticks)
    {
        long seen;
        while (ticks > (seen = Interlocked.Read(ref _maxOutageTicks)) && Interlocked.CompareExchange(ref _maxOutageTicks, ticks, seen) != seen)
        {
            // Lost a race with another client's longer outage; look again.
        }
    }
}
