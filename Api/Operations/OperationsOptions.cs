namespace OrleansBackend.Api.Operations;

/// <summary>Operator access (configuration section <c>Operations</c>).</summary>
public sealed class OperationsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Operations";

    /// <summary>The shortest operator token accepted.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// The bearer token that opens GET /v1/cluster (and so the dashboard's data); at least 16 characters. Unset,
    /// those endpoints answer 403. Set it through the environment (<c>Operations__OperatorToken</c>), never in a file
    /// under source control.
    /// </summary>
    public string? OperatorToken { get; set; }
}
