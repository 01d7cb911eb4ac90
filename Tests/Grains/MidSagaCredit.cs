using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Holds the credit leg of one transfer until the test releases it, so the saga is reliably mid-way (source debited,
/// destination not yet answered) while the test kills a silo. With <c>applyFirst</c> the credit is applied before the
/// hold (only its answer is lost); without, the held call fails when released (nothing applied).
/// </summary>
public sealed class MidSagaCredit(string transferId, bool applyFirst)
{
    private readonly TaskCompletionSource<SiloAddress> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holding;

    /// <summary>Completes with the silo that holds the credit leg.</summary>
    public Task<SiloAddress> Held => _held.Task;

    /// <summary>
    /// Lets the held call go on (it fails, or answers a caller that is gone). A call held on a killed silo is let go
    /// only when the test ends: an in-process kill cannot stop a running turn, but a killed process runs no more code.
    /// </summary>
    public void Release() => _release.TrySetResult();

    /// <summary>Adds the hold to a silo.</summary>
    public void AddTo(ISiloBuilder silo) =>
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(services => new Filter(this, services.GetRequiredService<ILocalSiloDetails>().SiloAddress));

    private async Task InvokeAsync(IIncomingGrainCallContext context, SiloAddress silo)
    {
        if (context.Request.GetArgumentCount() != 1
            || context.Request.GetArgument(0) is not TransferLeg { Kind: TransferLegKind.Credit } leg
            || leg.TransferId != transferId
            || Interlocked.Exchange(ref _holding, 1) == 1)
        {
            await context.Invoke();
            return;
        }

        if (applyFirst)
        {
            await context.Invoke();
        }

        _held.TrySetResult(silo);
        await _release.Task;
        if (!applyFirst)
        {
            throw new TimeoutException("The credit call was lost with its silo (test fault).");
        }
    }

    private sealed class Filter(MidSagaCredit owner, SiloAddress silo) : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context) => owner.InvokeAsync(context, silo);
    }
}
