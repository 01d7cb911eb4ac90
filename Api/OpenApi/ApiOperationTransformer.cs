using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansBackend.Api.Idempotency;

namespace OrleansBackend.Api.OpenApi;

/// <summary>Adds the bearer requirement to authenticated operations and the Idempotency-Key header where required.</summary>
public sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.BearerSchemeName, context.Document)] = [],
            });
        }

        if (metadata.OfType<OperatorTokenMetadata>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.OperatorSchemeName, context.Document)] = [],
            });
        }

        if (metadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.HeaderName,
                In = ParameterLocation.Header,
                Required = true,
                Description = "1–255 printable ASCII characters, scoped to the caller. A retry with the same key and body replays the first "
                    + "answer (with `Idempotent-Replayed: true`); the same key with another body is 422 idempotency_key_reused.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeys.MaxLength },
            });
        }

        return Task.CompletedTask;
    }
}
