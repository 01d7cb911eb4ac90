namespace OrleansBackend.Runtime.Metadata;

/// <summary>Registers one assembly's generated references, invokers, activators and serializers.</summary>
public interface IGeneratedCodeManifest
{
    /// <summary>Adds everything the assembly provides.</summary>
    void Populate(GrainManifestBuilder builder);
}
