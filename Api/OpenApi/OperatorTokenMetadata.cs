namespace OrleansBackend.Api.OpenApi;

/// <summary>Marks an endpoint that requires the operator token (documented as its own security scheme).</summary>
public sealed class OperatorTokenMetadata
{
    public static readonly OperatorTokenMetadata Instance = new();

    private OperatorTokenMetadata()
    {
    }
}
