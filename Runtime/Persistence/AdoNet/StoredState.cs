namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>A grain state row: its payload (null for a cleared record, a tombstone) and its version.</summary>
internal readonly record struct StoredState(byte[]? Payload, long Version);
