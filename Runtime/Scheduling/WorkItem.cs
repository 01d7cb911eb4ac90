using OrleansBackend.Runtime.Messaging;

namespace OrleansBackend.Runtime.Scheduling;

/// <summary>One unit of an activation's work: start a request, or run a posted continuation.</summary>
internal readonly struct WorkItem
{
    public WorkItem(Message request)
    {
        Request = request;
        Callback = null;
        State = null;
    }

    public WorkItem(SendOrPostCallback callback, object? state)
    {
        Request = null;
        Callback = callback;
        State = state;
    }

    public Message? Request { get; }

    public SendOrPostCallback? Callback { get; }

    public object? State { get; }
}
