using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansBackend.Api.Authentication;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.OpenApi;
using OrleansBackend.Api.Operations;
using OrleansBackend.Api.RateLimiting;
using OrleansBackend.Api.Requests;
using OrleansBackend.Hosting.Telemetry;

namespace OrleansBackend.Api.Hosting;

/// <summary>Registers the Api's services and, in the embedded mode, its silo.</summary>
public static class ApiServices
{
    /// <summary>Everything the Api needs: the embedded silo, JSON, authentication, rate limits, OpenAPI.</summary>
    public static WebApplicationBuilder AddBackendApi(this WebApplicationBuilder builder)
    {
        builder.AddBackendCluster();
        builder.AddBackendTelemetry("orleansbackend-api");

        var services = builder.Services;
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            // Numbers are numbers: the documented schemas must not invite "12" for an amount.
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddApiRateLimiting();
        services.AddOptions<OperationsOptions>()
            .BindConfiguration(OperationsOptions.SectionName)
            .Validate(
                o => o.OperatorToken is null || o.OperatorToken.Length >= OperationsOptions.MinimumTokenLength,
                $"{OperationsOptions.SectionName}:OperatorToken must be at least {OperationsOptions.MinimumTokenLength} characters.")
            .ValidateOnStart();
        services.AddSingleton<OperatorCredentials>();
        services.AddSingleton<OperatorAccess>();
        services.AddSingleton<DashboardAccess>();
        services.AddSingleton<ClusterOverview>();
        services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer<ApiDocumentTransformer>();
            openApi.AddOperationTransformer<ApiOperationTransformer>();
        });
        return builder;
    }
}
