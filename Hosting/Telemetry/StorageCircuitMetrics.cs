using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace OrleansBackend.Hosting.Telemetry;

/// <summary>
/// The grain storages' circuit breakers on the meter <c>OrleansBackend.Storage</c>: whether each storage's circuit is
/// open (<c>orleansbackend_storage_circuit_open</c>, which alert rules name — keep it) and how many operations an open
/// circuit refused without trying the database.
/// </summary>
internal static class StorageCircuitMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = BackendMeters.Prefix + "Storage";

    private static readonly Meter Meter = new(MeterName);

    // Weak: a silo's storages go with the silo (test clusters start and stop many in one process).
    private static readonly ConditionalWeakTable<object, Func<(string Provider, bool Open)>> Circuits = new();

    private static readonly ObservableGauge<int> Open = Meter.CreateObservableGauge(
        "orleansbackend.storage.circuit.open",
        Observe,
        unit: "{circuit}",
        description: "1 while a grain storage's circuit breaker is open or half-open (the database is refused or probed), 0 while it is closed.");

    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>(
        "orleansbackend.storage.circuit.rejected",
        unit: "{operation}",
        description: "Grain storage operations an open circuit refused at once, without trying the database.");

    /// <summary>Reports the state of <paramref name="circuit"/> for as long as it lives.</summary>
    public static void Track(object circuit, Func<(string Provider, bool Open)> state)
    {
        _ = Open;
        Circuits.AddOrUpdate(circuit, state);
    }

    /// <summary>Counts an operation refused by the open circuit of <paramref name="provider"/>.</summary>
    public static void Refused(string provider, string operation) =>
        Rejected.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("operation", operation));

    private static IEnumerable<Measurement<int>> Observe()
    {
        foreach (var (_, state) in Circuits)
        {
            var (provider, open) = state();
            yield return new Measurement<int>(open ? 1 : 0, new KeyValuePair<string, object?>("provider", provider));
        }
    }
}
