namespace OrleansBackend.Api.Problems;

/// <summary>One kind of error: its code, HTTP status and title. <see cref="ProblemTypes"/> lists them all.</summary>
public sealed record ProblemType(string Code, int Status, string Title)
{
    /// <summary>The problem's <c>type</c> URI.</summary>
    public string TypeUri { get; } = $"urn:orleansbackend:problem:{Code}";

    /// <summary>A problem of this type.</summary>
    public ApiProblem With(string detail, IReadOnlyDictionary<string, string[]>? errors = null) => new(TypeUri, Title, Status, detail, Code, errors);
}
