namespace OrleansBackend.Runtime.Grains;

/// <summary>
/// The identity of a grain: its grain type (for example <c>account</c>) and its key. Guid keys are stored as
/// 32 hex digits and integer keys as decimal digits, so every key is a string on the wire.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    private readonly ulong _hash;

    /// <summary>Creates a grain id.</summary>
    /// <param name="type">The grain type name.</param>
    /// <param name="key">The grain's key within its type.</param>
    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        _hash = StableHash.Of(type, key);
    }

    /// <summary>The grain type name.</summary>
    public string Type { get; }

    /// <summary>The key within the grain type.</summary>
    public string Key { get; }

    /// <summary>True for the default value, which names no grain.</summary>
    public bool IsDefault => Type is null;

    /// <summary>
    /// A hash of type and key that is the same in every process, so silos agree on placement.
    /// </summary>
    public ulong UniformHash => _hash;

    /// <summary>Parses the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{value}' is not a grain id of the form type/key.");
        }

        return new GrainId(value[..slash], value[(slash + 1)..]);
    }

    /// <inheritdoc />
    public bool Equals(GrainId other) =>
        _hash == other._hash
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && string.Equals(Type, other.Type, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)_hash ^ (int)(_hash >> 32);

    /// <summary>The <c>type/key</c> form.</summary>
    public override string ToString() => Type is null ? "(none)" : $"{Type}/{Key}";

    /// <summary>Equality.</summary>
    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
