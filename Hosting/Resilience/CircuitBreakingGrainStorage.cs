using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBackend.Grains.Interfaces.Storage;
using OrleansBackend.Hosting.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OrleansBackend.Hosting.Resilience;

/// <summary>
/// Wraps a grain storage (whichever provider is configured) so that a database that is down or slow costs callers a
/// prompt <see cref="StorageUnavailableException"/> instead of requests that pile up until they time out: every
/// operation gets a timeout, and a Polly circuit breaker opens when too many fail, refuses operations at once while
/// open, lets one probe through after its break and closes on the probe's success. Active grains keep answering reads
/// from memory meanwhile. A refused write never reached the database; the grain retires its activation on any failed
/// write (<c>DurableGrain</c>), so its next call reloads what was stored. Etag conflicts
/// (<see cref="InconsistentStateException"/>) are answers from a healthy database and do not count as failures.
/// </summary>
internal sealed partial class CircuitBreakingGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The key of an optional keyed <see cref="TimeProvider"/> for the breakers and timeouts (tests use a fake one).</summary>
    public const string TimeProviderKey = "OrleansBackend.StorageResilience";

    private readonly IGrainStorage _inner;
    private readonly string _name;
    private readonly StorageResilienceOptions _options;
    private readonly ILogger _logger;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResiliencePipeline _pipeline;

    public CircuitBreakingGrainStorage(IGrainStorage inner, string name, StorageResilienceOptions options, TimeProvider timeProvider, ILogger<CircuitBreakingGrainStorage> logger)
    {
        _inner = inner;
        _name = name;
        _options = options;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { Name = "grain-storage", InstanceName = name, TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                SamplingDuration = options.SamplingDuration,
                MinimumThroughput = options.MinimumThroughput,
                BreakDuration = options.BreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsOutage),
                StateProvider = _circuit,
                OnOpened = args =>
                {
                    LogOpened(_name, args.BreakDuration, args.Outcome.Exception?.GetType().Name ?? "failure", args.Outcome.Exception?.Message ?? string.Empty);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    LogHalfOpened(_name);
                    return default;
                },
                OnClosed = _ =>
                {
                    LogClosed(_name);
                    return default;
                },
            })
            .AddTimeout(options.Timeout)
            .Build();
        StorageCircuitMetrics.Track(this, () => (_name, IsOpen));
    }

    /// <summary>True while the circuit is open, half-open or isolated: operations are refused or only probed.</summary>
    public bool IsOpen => _circuit.CircuitState != CircuitState.Closed;

    /// <summary>The storage it guards.</summary>
    public IGrainStorage Inner => _inner;

    /// <summary>The circuit's state.</summary>
    public CircuitState State => _circuit.CircuitState;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("read", () => _inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("write", () => _inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        RunAsync("clear", () => _inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle observer) => (_inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>
    /// A failure that says the database is unavailable (down, unreachable, or too slow), anywhere in the exception's
    /// chain. Not an etag conflict, a serialization bug or a cancellation by the caller.
    /// </summary>
    internal static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case InconsistentStateException:
                    return false;
                case DbException or TimeoutRejectedException or TimeoutException or SocketException or IOException:
                    return true;
            }
        }

        return false;
    }

    private async Task RunAsync(string operation, Func<Task> run)
    {
        // Continue on the grain's scheduler, as a call straight into the provider would.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true);
        try
        {
            await _pipeline.ExecuteAsync(
                static async (context, run) =>
                {
                    // The providers' operations take no cancellation token: a timed-out one is abandoned, not stopped.
                    var task = run();
                    try
                    {
                        await task.WaitAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
                    }
                    catch (OperationCanceledException) when (!task.IsCompleted)
                    {
                        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                        throw;
                    }
                },
                context,
                run);
        }
        catch (BrokenCircuitException broken)
        {
            StorageCircuitMetrics.Refused(_name, operation);
            var retryAfter = broken.RetryAfter is { } rest && rest > TimeSpan.Zero ? rest : _options.BreakDuration;
            throw new StorageUnavailableException($"Grain storage '{_name}' refused the {operation}: its database failed and its circuit is open; retry after {retryAfter}.", retryAfter);
        }
        catch (TimeoutRejectedException)
        {
            throw new StorageUnavailableException(
                $"Grain storage '{_name}' did not answer the {operation} within {_options.Timeout}; it may or may not have been applied.", _options.BreakDuration);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Provider}: circuit opened for {BreakDuration} after {Error}: {Detail}; operations are refused at once until a probe succeeds")]
    private partial void LogOpened(string provider, TimeSpan breakDuration, string error, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Provider}: circuit half-open; the next operation probes the database")]
    private partial void LogHalfOpened(string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Provider}: circuit closed; the database answers again")]
    private partial void LogClosed(string provider);
}
