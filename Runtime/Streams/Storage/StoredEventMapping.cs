using OrleansBackend.Runtime.Persistence;

namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>Converts what grain storage's outbox returns into the records streams move around.</summary>
internal static class StoredEventMapping
{
    public static IReadOnlyList<StreamEventRecord> ToRecords(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var records = new StreamEventRecord[events.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var e = events[i];
            records[i] = new StreamEventRecord(e.Id, e.StreamNamespace, e.StreamKey, e.Sequence, e.EventType, e.Payload, e.CreatedAt);
        }

        return records;
    }
}
