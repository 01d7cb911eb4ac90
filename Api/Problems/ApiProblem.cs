using System.Text.Json.Serialization;

namespace OrleansBackend.Api.Problems;

/// <summary>An RFC 9457 problem details body with the stable machine field <c>code</c>.</summary>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
