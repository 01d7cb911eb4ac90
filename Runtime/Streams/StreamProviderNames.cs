namespace OrleansBackend.Runtime.Streams;

/// <summary>Well-known stream provider names.</summary>
public static class StreamProviderNames
{
    /// <summary>The provider <c>UseConfiguredStorage</c> registers: durable, on the default grain storage's database.</summary>
    public const string Default = "Default";
}
