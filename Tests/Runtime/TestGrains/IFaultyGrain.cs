using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Runtime.TestGrains;

public sealed class AccountFrozenException : Exception
{
    public AccountFrozenException(string message)
        : base(message)
    {
    }
}

public interface IFaultyGrain : IGrainWithStringKey
{
    Task ThrowArgument(string message);

    Task<int> ThrowCustom(string message);

    /// <summary>Never answers until the gate named by the grain's key is released.</summary>
    Task Hang();

    /// <summary>Waits until the caller cancels, then logs "cancelled" under the grain's key.</summary>
    Task WaitForCancellation(CancellationToken cancellationToken);
}

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    public Task ThrowArgument(string message) => throw new ArgumentException(message, "amount");

    public async Task<int> ThrowCustom(string message)
    {
        await Task.Yield();
        throw new AccountFrozenException(message);
    }

    public Task Hang() => Probe.Gate(this.GetPrimaryKeyString()).Release.Task;

    public async Task WaitForCancellation(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Probe.Log(this.GetPrimaryKeyString(), "cancelled");
            throw;
        }
    }
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"activation of {this.GetPrimaryKeyString()} refused");

    public Task<int> Ping() => Task.FromResult(1);
}
