namespace OrleansBackend.Api.OpenApi;

/// <summary>Endpoint metadata: the endpoint requires an <c>Idempotency-Key</c> header (documented by <see cref="ApiOperationTransformer"/>).</summary>
public sealed class IdempotencyKeyMetadata
{
    /// <summary>The shared instance.</summary>
    public static readonly IdempotencyKeyMetadata Instance = new();
}
