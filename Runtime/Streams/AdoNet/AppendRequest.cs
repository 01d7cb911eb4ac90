using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Streams.AdoNet;

/// <summary>Events of one publish call waiting for group commit; completes once their batch committed.</summary>
internal sealed class AppendRequest
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AppendRequest(IReadOnlyList<OutboxEvent> events)
    {
        Events = events;
    }

    public IReadOnlyList<OutboxEvent> Events { get; }

    public Task Task => _completion.Task;

    public void Complete() => _completion.TrySetResult();

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
