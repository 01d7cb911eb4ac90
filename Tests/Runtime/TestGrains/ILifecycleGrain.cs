using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Tests.Runtime.TestGrains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>Returns an id unique to the current activation.</summary>
    Task<Guid> ActivationId();

    Task DeactivateNow();
}

/// <summary>Logs activation and deactivation to the probe log named by its key.</summary>
public class LifecycleGrain : Grain, ILifecycleGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);

    public Task DeactivateNow()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.Log(this.GetPrimaryKeyString(), "activated");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Log(this.GetPrimaryKeyString(), $"deactivated:{reason.Code}");
        return Task.CompletedTask;
    }
}

public interface ILongLivedGrain : IGrainWithStringKey
{
    Task<Guid> ActivationId();
}

/// <summary>Same as <see cref="LifecycleGrain"/> but with a 5-minute collection age.</summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed class LongLivedGrain : Grain, ILongLivedGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Log(this.GetPrimaryKeyString(), $"deactivated:{reason.Code}");
        return Task.CompletedTask;
    }
}
