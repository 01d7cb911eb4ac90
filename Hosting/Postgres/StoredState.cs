namespace OrleansBackend.Hosting.Postgres;

/// <summary>A grain state row: its payload (null once cleared) and its version (the etag).</summary>
internal readonly record struct StoredState(byte[]? Payload, long Version);
