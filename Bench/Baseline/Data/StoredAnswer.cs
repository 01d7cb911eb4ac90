namespace OrleansBackend.Baseline.Data;

/// <summary>An answer to a money request: status and JSON body, and whether it is a replay of an earlier one.</summary>
public sealed record StoredAnswer(int Status, string Body, bool Replayed);
