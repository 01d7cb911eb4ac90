using Orleans;

namespace OrleansBackend.Tests.Persistence.TestGrains;

/// <summary>A value held in an <see cref="object"/> member of a state, so the stored form has to name its type.</summary>
[GenerateSerializer, Alias(Alias)]
public sealed class StateDetail
{
    /// <summary>The type's alias.</summary>
    public const string Alias = "OrleansBackend.Tests.Persistence.StateDetail";

    [Id(0)]
    public string Note { get; set; } = string.Empty;
}
