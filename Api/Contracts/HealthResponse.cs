namespace OrleansBackend.Api.Contracts;

/// <summary>A health probe's answer.</summary>
public sealed record HealthResponse(string Status);
