namespace OrleansBackend.Runtime.Metadata;

/// <summary>
/// Emitted by the code generator into every assembly that declares grain interfaces, grain classes or
/// serializable types; names the class that registers them with the runtime.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class GeneratedCodeManifestAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public GeneratedCodeManifestAttribute(Type manifestType)
    {
        ManifestType = manifestType;
    }

    /// <summary>A type implementing <see cref="IGeneratedCodeManifest"/> with a public parameterless constructor.</summary>
    public Type ManifestType { get; }
}
