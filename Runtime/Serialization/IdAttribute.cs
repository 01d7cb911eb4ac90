namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// The stable wire id of a serialized member. Never reuse an id for a different meaning; add new members
/// with new ids so that older and newer peers keep understanding each other.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class IdAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="id">The member's wire id, unique within its type.</param>
    public IdAttribute(uint id)
    {
        Id = id;
    }

    /// <summary>The member's wire id.</summary>
    public uint Id { get; }
}
