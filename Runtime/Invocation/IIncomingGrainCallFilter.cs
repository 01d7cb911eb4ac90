namespace OrleansBackend.Runtime.Invocation;

/// <summary>
/// Runs around every incoming grain call on a silo (logging, metrics, authorization). Register it in the
/// silo's services, or implement it on a grain class to filter only that grain's calls. A filter must call
/// <see cref="IIncomingGrainCallContext.Invoke"/> to let the call proceed; throwing fails the call.
/// </summary>
public interface IIncomingGrainCallFilter
{
    /// <summary>Handles one call.</summary>
    Task Invoke(IIncomingGrainCallContext context);
}
