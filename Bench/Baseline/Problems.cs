namespace OrleansBackend.Baseline;

/// <summary>RFC 9457 problem answers with api.md's stable <c>code</c>.</summary>
public static class Problems
{
    public static IResult Of(int status, string code, string detail) => TypedResults.Json(
        new ProblemBody("https://errors.orleansbackend.dev/" + code.Replace('_', '-'), code.Replace('_', ' '), status, detail, code),
        BaselineJsonContext.Default.ProblemBody,
        "application/problem+json",
        status);

    public static IResult Validation(string detail) => Of(400, "validation_failed", detail);

    public static IResult NotFound() => Of(404, "not_found", "No such resource.");

    public static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Of(401, "unauthorized", "A valid bearer token is required.");
    }
}
