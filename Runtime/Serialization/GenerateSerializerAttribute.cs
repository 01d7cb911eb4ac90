namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Asks the code generator for a version-tolerant serializer of this type. Members to serialize carry
/// <see cref="IdAttribute"/>; a reader skips ids it does not know and leaves missing ones at their defaults.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class GenerateSerializerAttribute : Attribute
{
}
