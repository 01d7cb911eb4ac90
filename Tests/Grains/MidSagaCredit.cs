using System.Collections.Concurrent;
using OrleansBackend.Grains.Interfaces.Money;
using OrleansBackend.Grains.Money;
using OrleansBackend.Runtime.Invocation;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// Holds the first credit leg of a transfer until the test releases it, so the saga is reliably mid-way (source
/// debited, destination not yet answered) while the test kills its silo. With <c>applyFirst</c> the credit is
/// applied before the hold (only its answer is lost); without, the held call fails when released (nothing
/// applied). Every call a transfer grain receives is recorded, so the test can tell who drove the saga on.
/// </summary>
public sealed class MidSagaCredit(bool applyFirst) : IIncomingGrainCallFilter
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holding;

    /// <summary>Completes once the first credit leg is being held.</summary>
    public Task Held => _held.Task;

    /// <summary>The methods transfer grains were called with, in arrival order.</summary>
    public ConcurrentQueue<string> TransferCalls { get; } = new();

    /// <summary>Lets the held call go on (it fails, or answers a caller that is gone).</summary>
    public void Release() => _release.TrySetResult();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is TransferGrain)
        {
            TransferCalls.Enqueue(context.Method.MethodName);
        }

        if (context.Request.ArgumentCount != 1
            || context.Request.GetArgument(0) is not TransferLeg { Kind: TransferLegKind.Credit }
            || Interlocked.Exchange(ref _holding, 1) == 1)
        {
            await context.Invoke();
            return;
        }

        if (applyFirst)
        {
            await context.Invoke();
        }

        _held.TrySetResult();
        await _release.Task;
        if (!applyFirst)
        {
            throw new TimeoutException("The credit call was lost with its silo (test fault).");
        }
    }
}
