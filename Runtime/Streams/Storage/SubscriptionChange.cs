namespace OrleansBackend.Runtime.Streams.Storage;

/// <summary>A subscription of <paramref name="Stream"/> was added, removed or rewound (change number <paramref name="Version"/>).</summary>
internal sealed record SubscriptionChange(long Version, StreamId Stream);
