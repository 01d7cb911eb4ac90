using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Runtime.Invocation;

namespace OrleansBackend.Tests.Grains;

/// <summary>Loses the answer of one kind of transfer leg, before or after the account applied it.</summary>
public sealed class LostLegCall(TransferLegKind kind, bool afterApplying) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Request.ArgumentCount != 1 || context.Request.GetArgument(0) is not TransferLeg leg || leg.Kind != kind)
        {
            await context.Invoke();
            return;
        }

        if (afterApplying)
        {
            await context.Invoke();
        }

        throw new TimeoutException($"The {kind} call was lost (test fault).");
    }
}
