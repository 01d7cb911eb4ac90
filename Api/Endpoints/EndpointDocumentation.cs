using OrleansBackend.Api.Problems;

namespace OrleansBackend.Api.Endpoints;

/// <summary>OpenAPI metadata shorthands for the endpoints.</summary>
public static class EndpointDocumentation
{
    /// <summary>Documents problem responses with these statuses.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ApiProblem>(status, Problems.Problems.ContentType);
        }

        return builder;
    }

    /// <summary>Documents a JSON request body.</summary>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.Accepts<TRequest>("application/json").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}
