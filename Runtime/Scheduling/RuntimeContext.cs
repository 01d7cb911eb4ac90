using OrleansBackend.Runtime.Messaging;

namespace OrleansBackend.Runtime.Scheduling;

/// <summary>
/// The request whose turn the current code runs in. It flows with the execution context through awaits, so
/// calls made by a grain carry the call-chain id of the request that caused them.
/// </summary>
internal static class RuntimeContext
{
    private static readonly AsyncLocal<Message?> CurrentRequestSlot = new();

    public static Message? CurrentRequest
    {
        get => CurrentRequestSlot.Value;
        set => CurrentRequestSlot.Value = value;
    }
}
