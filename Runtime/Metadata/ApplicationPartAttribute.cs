namespace OrleansBackend.Runtime.Metadata;

/// <summary>
/// Emitted by the code generator for every referenced assembly that carries generated code, so that the runtime
/// finds grain assemblies even when the compiler dropped the reference because no type of it is used.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ApplicationPartAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public ApplicationPartAttribute(string assemblyName)
    {
        AssemblyName = assemblyName;
    }

    /// <summary>The simple name of the referenced assembly.</summary>
    public string AssemblyName { get; }
}
