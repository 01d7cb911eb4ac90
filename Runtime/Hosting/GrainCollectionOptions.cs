namespace OrleansBackend.Runtime.Hosting;

/// <summary>Idle collection of activations (configuration section <c>GrainCollection</c>).</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "GrainCollection";

    /// <summary>How long an activation may stay idle before it is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Collection ages by grain type name, overriding <see cref="CollectionAge"/>.</summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long OnDeactivateAsync may run before its cancellation token fires.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
