using System.Collections.Concurrent;
using Orleans;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Loses the answer of one leg of an armed transfer, once: before the account applied it (nothing happened) or after
/// (the effect is stored, only the answer is gone) — the saga cannot tell which. Every other call passes.
/// </summary>
public sealed class LostLegCall : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, (TransferLegKind Kind, bool AfterApplying)> _armed = new();

    /// <summary>The next <paramref name="kind"/> leg of transfer <paramref name="transferId"/> loses its call.</summary>
    public void Arm(string transferId, TransferLegKind kind, bool afterApplying) => _armed[transferId] = (kind, afterApplying);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Request.GetArgumentCount() != 1
            || context.Request.GetArgument(0) is not TransferLeg leg
            || !_armed.TryGetValue(leg.TransferId, out var fault)
            || fault.Kind != leg.Kind
            || !_armed.TryRemove(new KeyValuePair<string, (TransferLegKind, bool)>(leg.TransferId, fault)))
        {
            await context.Invoke();
            return;
        }

        if (fault.AfterApplying)
        {
            await context.Invoke();
        }

        throw new TimeoutException($"The {leg.Kind} call of transfer {leg.TransferId} was lost (test fault).");
    }
}
