using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Runtime.TestGrains;

public sealed class TurnGrain : Grain, ITurnGrain
{
    private readonly List<int> _log = [];
    private int _inFlight;
    private int _maxInFlight;
    private int _pings;

    public async Task<int> Work(int yields)
    {
        _inFlight++;
        _maxInFlight = Math.Max(_maxInFlight, _inFlight);
        for (var i = 0; i < yields; i++)
        {
            await Task.Yield();
        }

        _inFlight--;
        return _maxInFlight;
    }

    public async Task Hold(string gateKey)
    {
        var gate = Probe.Gate(gateKey);
        gate.Entered.TrySetResult();
        await gate.Release.Task;
    }

    public Task<int> Ping() => Task.FromResult(++_pings);

    public Task Append(int value)
    {
        _log.Add(value);
        return Task.CompletedTask;
    }

    public Task<List<int>> GetLog() => Task.FromResult(new List<int>(_log));

    public async Task<int> Read(string gateKey, int expected)
    {
        var gate = Probe.Gate(gateKey);
        if (gate.Arrive() >= expected)
        {
            gate.Release.TrySetResult();
        }

        await gate.Release.Task;
        return gate.Count;
    }

    public Task<int> Interleaved() => Task.FromResult(_pings);
}
