using System.Diagnostics.Metrics;

namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// The storage instruments (meter <see cref="MeterName"/>): state reads and writes with their latency, writes by
/// outcome (ok, conflict, error), group-commit batch sizes and commit durations, and storage failures, tagged with
/// the database system. Recording is skipped when nobody listens.
/// </summary>
internal sealed class StorageMetrics
{
    /// <summary>The name of the storage meter.</summary>
    public const string MeterName = "OrleansBackend.Storage";

    private readonly Counter<long> _writes;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _readDuration;
    private readonly Histogram<double> _writeDuration;

    public StorageMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _writes = meter.CreateCounter<long>("orleans.storage.writes", "{write}", "Grain state writes and clears, by database system and outcome (ok, conflict, error).");
        _batchSize = meter.CreateHistogram<int>("orleans.storage.batch.size", "{write}", "State writes committed per transaction (group commit), by database system.");
        _batchDuration = meter.CreateHistogram<double>("orleans.storage.batch.duration", "s", "Time to commit one batch of state writes, by database system.");
        _readDuration = meter.CreateHistogram<double>("orleans.storage.read.duration", "s", "Time to read one grain state (retries included), by database system.");
        _writeDuration = meter.CreateHistogram<double>("orleans.storage.write.duration", "s", "Time from queuing a state write to its committed answer (group commit included), by database system and outcome.");
        _failures = meter.CreateCounter<long>("orleans.storage.failures", "{failure}", "Failed storage operations (after retries), by database system and operation.");
    }

    public void OnBatchCommitted(string system, List<StateWrite> batch, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("db.system", system);
        _batchSize.Record(batch.Count, tag);
        _batchDuration.Record(elapsed.TotalSeconds, tag);
        if (!_writes.Enabled)
        {
            return;
        }

        var conflicts = 0;
        foreach (var write in batch)
        {
            if (write.NewVersion is null)
            {
                conflicts++;
            }
        }

        _writes.Add(batch.Count - conflicts, tag, new KeyValuePair<string, object?>("outcome", "ok"));
        if (conflicts > 0)
        {
            _writes.Add(conflicts, tag, new KeyValuePair<string, object?>("outcome", "conflict"));
        }
    }

    /// <summary>True when read or write latencies are being recorded (callers skip taking timestamps otherwise).</summary>
    public bool IsLatencyEnabled => _readDuration.Enabled || _writeDuration.Enabled;

    public void OnStateRead(string system, TimeSpan elapsed) =>
        _readDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("db.system", system));

    public void OnStateWritten(string system, string outcome, TimeSpan elapsed) =>
        _writeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("db.system", system), new KeyValuePair<string, object?>("outcome", outcome));

    public void OnWritesFailed(string system, int count) =>
        _writes.Add(count, new KeyValuePair<string, object?>("db.system", system), new KeyValuePair<string, object?>("outcome", "error"));

    public void OnFailure(string system, string operation) =>
        _failures.Add(1, new KeyValuePair<string, object?>("db.system", system), new KeyValuePair<string, object?>("operation", operation));
}
