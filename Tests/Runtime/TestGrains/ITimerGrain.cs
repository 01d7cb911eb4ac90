using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Runtime.TestGrains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period);

    Task<int> Ticks();

    /// <summary>How many ticks ran while a request was inside the grain (must stay 0).</summary>
    Task<int> OverlappingTicks();

    Task Hold(string gateKey);

    Task Deactivate();
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private int _ticks;
    private int _overlapping;
    private bool _inRequest;

    public Task Start(TimeSpan period)
    {
        RegisterGrainTimer(OnTick, period, period);
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task<int> OverlappingTicks() => Task.FromResult(_overlapping);

    public async Task Hold(string gateKey)
    {
        _inRequest = true;
        var gate = Probe.Gate(gateKey);
        gate.Entered.TrySetResult();
        await gate.Release.Task;
        _inRequest = false;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(OrleansBackend.Runtime.Activation.DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Log(this.GetPrimaryKeyString(), "deactivated");
        return Task.CompletedTask;
    }

    private async Task OnTick(CancellationToken cancellationToken)
    {
        if (_inRequest)
        {
            _overlapping++;
        }

        await Task.Yield();
        _ticks++;
        Probe.Log(this.GetPrimaryKeyString(), $"tick {_ticks}");
    }
}
