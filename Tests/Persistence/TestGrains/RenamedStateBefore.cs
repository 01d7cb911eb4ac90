using Orleans;

namespace OrleansBackend.Tests.Persistence.TestGrains;

/// <summary>
/// A grain state as it was first written; <see cref="RenamedStateAfter"/> is the same state after its class was renamed.
/// (Orleans refuses two classes with one <c>[Alias]</c> in an assembly, ORLEANS0011, so the renamed class carries an alias
/// of its own here: the state's own type is not named in what is stored, while the types inside it are, by alias.)
/// </summary>
[GenerateSerializer, Alias("OrleansBackend.Tests.Persistence.RenamedStateBefore")]
public sealed class RenamedStateBefore
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public int Count { get; set; }

    /// <summary>A member whose runtime type the format must name (by its alias, not its C# name).</summary>
    [Id(2)]
    public object? Detail { get; set; }
}
