using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Where each grain was last called (the silo a test kills to take an activation down with it), and the methods each
/// grain was called with, in arrival order (reminder ticks included).
/// </summary>
public sealed class CallSites
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _sites = new();
    private readonly ConcurrentDictionary<GrainId, ConcurrentQueue<string>> _calls = new();

    /// <summary>The silo that last ran a call of <paramref name="grain"/>, if any did.</summary>
    public SiloAddress? Of(IAddressable grain) => _sites.TryGetValue(grain.GetGrainId(), out var silo) ? silo : null;

    /// <summary>The methods <paramref name="grain"/> was called with so far, oldest first.</summary>
    public IReadOnlyList<string> CallsTo(IAddressable grain) => _calls.TryGetValue(grain.GetGrainId(), out var calls) ? [.. calls] : [];

    /// <summary>The filter for the silo at <paramref name="silo"/>.</summary>
    public IIncomingGrainCallFilter On(SiloAddress silo) => new Filter(this, silo);

    private sealed class Filter(CallSites owner, SiloAddress silo) : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context)
        {
            owner._sites[context.TargetId] = silo;
            owner._calls.GetOrAdd(context.TargetId, _ => new ConcurrentQueue<string>()).Enqueue(context.MethodName);
            return context.Invoke();
        }
    }
}
