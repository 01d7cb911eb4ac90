namespace OrleansBackend.Runtime.Grains;

/// <summary>Identity helpers for grains and grain references.</summary>
public static class GrainExtensions
{
    /// <summary>The grain id of a grain or grain reference.</summary>
    public static GrainId GetGrainId(this IAddressable grain) => grain switch
    {
        GrainReference reference => reference.GrainId,
        Grain instance => instance.GrainId,
        _ => throw new ArgumentException($"{grain.GetType().Name} is neither a grain nor a grain reference.", nameof(grain)),
    };

    /// <summary>The string key of a grain.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain) => grain.GetGrainId().Key;

    /// <summary>The Guid key of a grain.</summary>
    public static Guid GetPrimaryKey(this IAddressable grain) => GrainKeys.ToGuid(grain.GetGrainId().Key);

    /// <summary>The integer key of a grain.</summary>
    public static long GetPrimaryKeyLong(this IAddressable grain) => GrainKeys.ToInteger(grain.GetGrainId().Key);

    /// <summary>Casts a grain reference to another grain interface of the same grain.</summary>
    public static TGrainInterface AsReference<TGrainInterface>(this IAddressable grain, IGrainFactory grainFactory)
        where TGrainInterface : IAddressable => grainFactory.GetGrain<TGrainInterface>(grain.GetGrainId());
}
