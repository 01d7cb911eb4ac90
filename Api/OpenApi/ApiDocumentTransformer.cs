using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansBackend.Api.Problems;

namespace OrleansBackend.Api.OpenApi;

/// <summary>Describes the API as a whole: title, conventions, the bearer scheme and the error codes.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The security scheme's name in the document.</summary>
    public const string BearerSchemeName = "Bearer";

    /// <summary>The operator token's security scheme name.</summary>
    public const string OperatorSchemeName = "OperatorToken";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var codes = string.Join("\n", ProblemTypes.All.Select(p => $"- `{p.Code}` ({p.Status}): {p.Title}"));
        document.Info = new OpenApiInfo
        {
            Title = "OrleansBackend API",
            Version = "v1",
            Description = "Identity and money on virtual actors. Money is in integer minor units (1250 is 12.50). "
                + "Every error is `application/problem+json` (RFC 9457) with a stable `code`:\n\n" + codes,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "session token",
            Description = "The `token` from POST /v1/sessions.",
        };
        document.Components.SecuritySchemes[OperatorSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "operator token",
            Description = "The operator token from configuration (`Operations:OperatorToken`).",
        };
        return Task.CompletedTask;
    }
}
