namespace OrleansBackend.Runtime.Grains;

/// <summary>Names the grain type of a grain class (by default its class name without a trailing "Grain", lower-cased).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public GrainTypeAttribute(string grainType)
    {
        GrainType = grainType;
    }

    /// <summary>The grain type name.</summary>
    public string GrainType { get; }
}

/// <summary>How long an idle activation of this grain class lives before it is collected.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    /// <summary>Minutes of idleness before collection.</summary>
    public double Minutes { get; init; }

    /// <summary>The age limit as a time span.</summary>
    public TimeSpan AgeLimit => TimeSpan.FromMinutes(Minutes);
}
