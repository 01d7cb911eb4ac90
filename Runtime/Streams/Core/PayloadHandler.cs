using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>Turns a typed handler into one over stored records (built once per subscription, so no per-event reflection).</summary>
internal static class PayloadHandler
{
    public static Func<StreamEventRecord, Task> Adapt<T>(Func<T, StreamSequenceToken, Task> handler) =>
        record => handler(PayloadSerializer.Deserialize<T>(record.Payload), new StreamSequenceToken(record.Sequence));
}
