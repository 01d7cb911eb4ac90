using System.Collections.Concurrent;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Follows every call chain through the backend's grains and records any call that comes back to a grain already in its
/// chain (A → B → A): a cycle Orleans' non-reentrant grains would deadlock on, where the old runtime let it through.
/// The chain of grain ids travels in <see cref="RequestContext"/>: the incoming filter adds the grain being called, the
/// outgoing filter adds the calling grain when the chain does not end with it (a call from a timer starts a chain of its
/// own) and checks the target before the call is sent, so a cycle is recorded even when the call then deadlocks. Both
/// record the grain-to-grain edges too, so a test can hold the call graph to the one it documents.
/// </summary>
public sealed class CallChainRecorder
{
    private const string ChainKey = "orleansbackend-test-call-chain";
    private const char Separator = '|';

    // The backend's grain interfaces, and the tests' own (the probe that proves a cycle is caught).
    private static readonly System.Reflection.Assembly[] Watched = [typeof(IAccountGrain).Assembly, typeof(CallChainRecorder).Assembly];

    private readonly ConcurrentQueue<string> _reentries = new();
    private readonly ConcurrentDictionary<string, int> _edges = new();

    /// <summary>Each call whose target was already in its chain: "chain → target.method".</summary>
    public IReadOnlyCollection<string> Reentries => _reentries;

    /// <summary>Each grain-to-grain call seen: "caller grain type → interface.method".</summary>
    public IReadOnlyCollection<string> Edges => [.. _edges.Keys];

    /// <summary>Registers the pair of filters on a silo.</summary>
    public void AddTo(ISiloBuilder silo)
    {
        silo.AddIncomingGrainCallFilter(new Incoming(this));
        silo.AddOutgoingGrainCallFilter(new Outgoing(this));
    }

    private static string[] Chain() => RequestContext.Get(ChainKey) is string chain && chain.Length > 0 ? chain.Split(Separator) : [];

    private static bool IsWatched(IGrainCallContext context) => Array.IndexOf(Watched, context.InterfaceMethod.DeclaringType?.Assembly) >= 0;

    private void CheckTarget(string[] chain, IGrainCallContext context)
    {
        var target = context.TargetId.ToString();
        if (Array.IndexOf(chain, target) >= 0)
        {
            _reentries.Enqueue($"{string.Join(" → ", chain)} → {target}.{context.MethodName}");
        }
    }

    private sealed class Incoming(CallChainRecorder owner) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.Grain is not Grain || !IsWatched(context))
            {
                await context.Invoke();
                return;
            }

            var chain = Chain();
            owner.CheckTarget(chain, context);
            // Set inside this async method: the chain is the callee's, and is gone again once the call returns.
            RequestContext.Set(ChainKey, string.Join(Separator, [.. chain, context.TargetId.ToString()]));
            await context.Invoke();
        }
    }

    private sealed class Outgoing(CallChainRecorder owner) : IOutgoingGrainCallFilter
    {
        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            if (context.SourceContext?.GrainInstance is not Grain || !IsWatched(context))
            {
                await context.Invoke();
                return;
            }

            var source = context.SourceContext.GrainId.ToString();
            var chain = Chain();
            if (chain.Length == 0 || chain[^1] != source)
            {
                chain = [.. chain, source];
            }

            owner.CheckTarget(chain, context);
            owner._edges.TryAdd($"{context.SourceContext.GrainId.Type} → {context.InterfaceMethod.DeclaringType?.Name}.{context.MethodName}", 0);
            RequestContext.Set(ChainKey, string.Join(Separator, chain));
            await context.Invoke();
        }
    }
}
