using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Fails calls whose response did not arrive within the response timeout, with a <see cref="TimeoutException"/>
/// that names the method and grain. Checks a few times per timeout period on the silo's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class CallTimeoutMonitor : IDisposable
{
    private readonly PendingCallTable _pendingCalls;
    private readonly IMessageRouter _router;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private ITimer? _timer;

    public CallTimeoutMonitor(PendingCallTable pendingCalls, IMessageRouter router, TimeProvider timeProvider, IOptions<MessagingOptions> options)
    {
        _pendingCalls = pendingCalls;
        _router = router;
        _timeProvider = timeProvider;
        _timeout = options.Value.ResponseTimeout;
    }

    public void Start()
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_timeout.Ticks / 8, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using (ExecutionContext.SuppressFlow())
        {
            _timer = _timeProvider.CreateTimer(static s => ((CallTimeoutMonitor)s!).Sweep(), this, period, period);
        }
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>Fails every overdue call now.</summary>
    public int Sweep()
    {
        var now = _timeProvider.GetTimestamp();
        var overdue = _pendingCalls.RemoveWhere(static (message, now) => message.Deadline <= now, now);
        foreach (var message in overdue)
        {
            _router.FailPendingCall(message, new TimeoutException(
                $"No response within {_timeout.TotalSeconds:0.###} s for {message.Request.Method} on {message.Target}."));
        }

        return overdue.Count;
    }
}
