using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansBackend.Runtime.Messaging;

namespace OrleansBackend.Runtime.Diagnostics;

/// <summary>
/// The runtime's instruments (meter <see cref="MeterName"/>): activations by grain type, calls and call latency
/// by interface and method. Recording is skipped when nobody listens.
/// </summary>
internal sealed class RuntimeMetrics
{
    /// <summary>The name of the runtime's meter.</summary>
    public const string MeterName = "OrleansBackend.Runtime";

    private readonly UpDownCounter<long> _activations;
    private readonly Counter<long> _activationsCreated;
    private readonly Counter<long> _activationsFailed;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _callDuration;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _activations = Meter.CreateUpDownCounter<long>("orleans.activations", "{activation}", "Live grain activations, by grain type.");
        _activationsCreated = Meter.CreateCounter<long>("orleans.activations.created", "{activation}", "Activations created, by grain type.");
        _activationsFailed = Meter.CreateCounter<long>("orleans.activations.failed", "{activation}", "Activations whose activation failed, by grain type.");
        _calls = Meter.CreateCounter<long>("orleans.grain.calls", "{call}", "Grain calls handled, by interface, method and outcome.");
        _callDuration = Meter.CreateHistogram<double>("orleans.grain.call.duration", "s", "Time from the start of a grain call's turn to its completion, by interface and method.");
    }

    public Meter Meter { get; }

    public bool IsCallDurationEnabled => _callDuration.Enabled;

    public void OnActivationCreated(string grainType)
    {
        _activations.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));
        _activationsCreated.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));
    }

    public void OnActivationRemoved(string grainType, bool activated)
    {
        _activations.Add(-1, new KeyValuePair<string, object?>("grain.type", grainType));
        if (!activated)
        {
            _activationsFailed.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));
        }
    }

    public void OnCallCompleted(Message message)
    {
        if (message.Kind == MessageKind.TimerTick)
        {
            return;
        }

        var method = message.Request.Method;
        if (_calls.Enabled)
        {
            _calls.Add(
                1,
                new KeyValuePair<string, object?>("interface", method.InterfaceName),
                new KeyValuePair<string, object?>("method", method.MethodName),
                new KeyValuePair<string, object?>("outcome", message.Request.Exception is null ? "ok" : "error"));
        }

        if (message.StartTimestamp != 0)
        {
            _callDuration.Record(
                Stopwatch.GetElapsedTime(message.StartTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>("interface", method.InterfaceName),
                new KeyValuePair<string, object?>("method", method.MethodName));
            message.StartTimestamp = 0;
        }
    }
}
