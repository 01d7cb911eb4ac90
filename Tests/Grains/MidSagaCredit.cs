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
/// Add <see cref="On"/> to each silo so the hold knows where it happens.
/// </summary>
public sealed class MidSagaCredit(bool applyFirst)
{
    private readonly TaskCompletionSource<string> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holding;

    /// <summary>Completes with the name of the silo that holds the first credit leg.</summary>
    public Task<string> Held => _held.Task;

    /// <summary>The methods transfer grains were called with, in arrival order.</summary>
    public ConcurrentQueue<string> TransferCalls { get; } = new();

    /// <summary>
    /// Lets the held call go on (it fails, or answers a caller that is gone). Never do this when the call is held on
    /// a killed silo: an in-process kill cannot stop a running turn, but a killed process runs no more code.
    /// </summary>
    public void Release() => _release.TrySetResult();

    /// <summary>The filter for the silo named <paramref name="siloName"/>.</summary>
    public IIncomingGrainCallFilter On(string siloName) => new Filter(this, siloName);

    private async Task InvokeAsync(IIncomingGrainCallContext context, string siloName)
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

        _held.TrySetResult(siloName);
        await _release.Task;
        if (!applyFirst)
        {
            throw new TimeoutException("The credit call was lost with its silo (test fault).");
        }
    }

    private sealed class Filter(MidSagaCredit owner, string siloName) : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context) => owner.InvokeAsync(context, siloName);
    }
}
