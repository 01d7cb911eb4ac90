using System.Collections.Concurrent;
using System.Reflection;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBackend.Grains.Interfaces;
using Polly;
using Polly.Retry;

namespace OrleansBackend.Hosting.Resilience;

/// <summary>
/// Retries, from a cluster client, a grain call that certainly took no effect: one a silo rejected before running it
/// (it was stopping — a rolling restart: its gateway refuses to place the grain, or the target refuses the message),
/// and one whose grain found its stored state newer than its own (<see cref="InconsistentStateException"/>: the write was
/// refused and the stale activation retired while a grain moved between silos). Both are over within a second, so a
/// few quick retries spare the caller a 503. A call lost with a dying silo may have run, so it is not retried here: the
/// HTTP client retries it with its Idempotency-Key.
/// One more case is retried once: a call whose answer timed out, when its method is safe to repeat (<c>[ReadOnly]</c> or
/// <see cref="SafeToRepeatAttribute"/>). Orleans 10.4.2 can drop a client's call that a gateway forwarded to a silo which
/// had just begun shutting down (it logs "Failed to address message" and sends the client nothing; dotnet/orleans#6746),
/// so during a rolling restart such a call would otherwise cost the caller a 503 after the response timeout.
/// </summary>
internal sealed class RejectedCallRetryFilter : IOutgoingGrainCallFilter
{
    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TookNoEffect),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    private static readonly ConcurrentDictionary<MethodInfo, bool> SafeToRepeat = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        try
        {
            await InvokeRetryingRefusalsAsync(context);
        }
        catch (TimeoutException) when (IsSafeToRepeat(context.InterfaceMethod))
        {
            await InvokeRetryingRefusalsAsync(context);
        }
    }

    // Looked up once per method, not per call.
    private static bool IsSafeToRepeat(MethodInfo? method) =>
        method is not null && SafeToRepeat.GetOrAdd(method, static m => m.IsDefined(typeof(SafeToRepeatAttribute), inherit: false) || m.IsDefined(typeof(ReadOnlyAttribute), inherit: false));

    private static Task InvokeRetryingRefusalsAsync(IOutgoingGrainCallContext context) =>
        Pipeline.ExecuteAsync(
            static async (callContext, _) =>
            {
                await callContext.Invoke();
                if (callContext.Response?.Exception is { } exception && TookNoEffect(exception))
                {
                    // Surface it to the pipeline; a final failure reaches the caller as the same exception.
                    throw exception;
                }
            },
            context,
            CancellationToken.None).AsTask();

    // Orleans 10.4.2 reports a gateway's refusal to place a grain while it stops as SiloUnavailableException "Silo '…' is
    // shutting down." (PlacementService), the same type as a call lost with a dead silo; only the text tells them apart.
    // The rolling-restart test fails if a later Orleans changes it.
    private static bool TookNoEffect(Exception exception) => exception switch
    {
        InconsistentStateException => true,
        SiloUnavailableException unavailable => unavailable.Message.EndsWith("is shutting down.", StringComparison.Ordinal),
        OrleansMessageRejectionException => true,
        _ => false,
    };
}
