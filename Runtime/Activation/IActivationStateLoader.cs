namespace OrleansBackend.Runtime.Activation;

/// <summary>Something an activation loads before the grain's <c>OnActivateAsync</c> runs (persistent state).</summary>
internal interface IActivationStateLoader
{
    Task LoadAsync(CancellationToken cancellationToken);
}
