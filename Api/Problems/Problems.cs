using OrleansBackend.Api.Contracts;

namespace OrleansBackend.Api.Problems;

/// <summary>Problem responses as endpoint results (serialized with the source-generated JSON context).</summary>
public static class Problems
{
    /// <summary>The media type of every error.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>A problem result.</summary>
    public static IResult Result(ApiProblem problem) =>
        TypedResults.Json(problem, ApiJsonContext.Default.ApiProblem, ContentType, problem.Status);

    /// <summary>A problem result of <paramref name="type"/>.</summary>
    public static IResult Result(ProblemType type, string detail) => Result(type.With(detail));

    /// <summary>400 validation_failed with field-level messages.</summary>
    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        Result(ProblemTypes.ValidationFailed.With("One or more fields are not valid; see errors.", errors));

    /// <summary>404 not_found (also for resources the caller may not see).</summary>
    public static IResult NotFound(string what) => Result(ProblemTypes.NotFound, $"No {what} with this id exists.");

    /// <summary>Writes a problem straight to the response (middleware, authentication).</summary>
    public static async Task WriteAsync(HttpContext context, ApiProblem problem)
    {
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = ContentType;
        await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, problem, ApiJsonContext.Default.ApiProblem, context.RequestAborted);
    }
}
