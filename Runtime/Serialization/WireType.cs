namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// How a field's value is laid out on the wire. Every wire type can be skipped without knowing the
/// field, which is what lets a reader ignore fields added by a newer writer.
/// </summary>
public enum WireType : byte
{
    /// <summary>A variable-length integer (LEB128; signed values are zig-zag encoded).</summary>
    VarInt = 0,

    /// <summary>Four little-endian bytes.</summary>
    Fixed32 = 1,

    /// <summary>Eight little-endian bytes.</summary>
    Fixed64 = 2,

    /// <summary>A varint byte count followed by that many bytes (strings, byte arrays, Guids).</summary>
    LengthPrefixed = 3,

    /// <summary>The start of a nested object or collection; its fields follow until <see cref="EndObject"/>.</summary>
    StartObject = 4,

    /// <summary>The end of the innermost nested object.</summary>
    EndObject = 5,

    /// <summary>An explicit null; no payload.</summary>
    Null = 6,
}
