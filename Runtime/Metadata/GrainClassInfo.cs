using System.Reflection;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Metadata;

/// <summary>A grain class as the runtime sees it: its grain type name, activator and class-level attributes.</summary>
public sealed class GrainClassInfo
{
    internal GrainClassInfo(Type grainClass, IReadOnlyList<Type> grainInterfaces, Func<IGrainActivationContext, Grain> create)
    {
        GrainClass = grainClass;
        GrainInterfaces = grainInterfaces;
        Create = create;
        GrainType = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultGrainType(grainClass);
        IsReentrant = grainClass.GetCustomAttribute<ReentrantAttribute>() is not null;
        CollectionAgeLimit = grainClass.GetCustomAttribute<CollectionAgeLimitAttribute>()?.AgeLimit;
    }

    /// <summary>The grain class.</summary>
    public Type GrainClass { get; }

    /// <summary>The grain interfaces the class implements.</summary>
    public IReadOnlyList<Type> GrainInterfaces { get; }

    /// <summary>The grain type name used in grain ids.</summary>
    public string GrainType { get; }

    /// <summary>True when the class is marked [Reentrant].</summary>
    public bool IsReentrant { get; }

    /// <summary>The class's [CollectionAgeLimit], if any.</summary>
    public TimeSpan? CollectionAgeLimit { get; }

    /// <summary>The generated activator.</summary>
    public Func<IGrainActivationContext, Grain> Create { get; }

    /// <summary>The default grain type name: the class name without a trailing "Grain", lower-cased.</summary>
    public static string DefaultGrainType(Type grainClass)
    {
        var name = grainClass.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick > 0)
        {
            name = name[..tick];
        }

        if (name.Length > 5 && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^5];
        }

        return name.ToLowerInvariant();
    }
}
