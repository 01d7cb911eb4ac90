using OrleansBackend.Runtime.Activation;

namespace OrleansBackend.Runtime.Scheduling;

/// <summary>
/// Installed while an activation runs, so that every <c>await</c> in grain code resumes as a work item of
/// the same activation: grain code never runs on two threads at once.
/// </summary>
internal sealed class ActivationSynchronizationContext : SynchronizationContext
{
    private readonly ActivationData _activation;

    public ActivationSynchronizationContext(ActivationData activation)
    {
        _activation = activation;
    }

    public override void Post(SendOrPostCallback d, object? state) => _activation.EnqueueCallback(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Grain code cannot block on its own activation; await instead.");

    public override SynchronizationContext CreateCopy() => this;
}
