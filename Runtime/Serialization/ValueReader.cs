using System.Buffers.Binary;
using System.Text;

namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Reads what <see cref="ValueWriter"/> wrote. Readers loop over <see cref="TryReadField"/> and skip ids they
/// do not know with <see cref="SkipField"/>; every read is bounds-checked and corrupt input throws
/// <see cref="SerializationException"/>, never anything worse.
/// </summary>
public ref struct ValueReader
{
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private int _depth;

    /// <summary>Creates a reader over <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The bytes to read.</param>
    /// <param name="context">What deserializers may need from the runtime (for example to rebuild grain references).</param>
    public ValueReader(ReadOnlySpan<byte> buffer, ISerializationContext? context = null)
    {
        _buffer = buffer;
        _position = 0;
        _depth = 0;
        Context = context;
    }

    /// <summary>What deserializers may need from the runtime.</summary>
    public ISerializationContext? Context { get; }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool IsAtEnd => _position >= _buffer.Length;

    /// <summary>
    /// Reads the next field header. Returns false at the end of the buffer or at the end marker of the
    /// current nested object (which it consumes).
    /// </summary>
    public bool TryReadField(out uint fieldId, out WireType wireType)
    {
        if (_position >= _buffer.Length)
        {
            fieldId = 0;
            wireType = WireType.EndObject;
            return false;
        }

        var header = ReadVarUInt32();
        wireType = (WireType)(header & 7);
        fieldId = header >> 3;
        if (wireType > WireType.Null)
        {
            throw new SerializationException($"Unknown wire type {(int)wireType} at offset {_position}.");
        }

        return wireType != WireType.EndObject;
    }

    /// <summary>Enters a nested object whose <see cref="WireType.StartObject"/> header was just read.</summary>
    public void EnterObject()
    {
        if (++_depth > MaxDepth)
        {
            throw new SerializationException($"Objects are nested deeper than {MaxDepth} levels.");
        }
    }

    /// <summary>Leaves a nested object after its end marker was read.</summary>
    public void LeaveObject() => _depth--;

    /// <summary>Skips the payload of a field of the given wire type.</summary>
    public void SkipField(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.VarInt:
                ReadVarUInt64();
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.LengthPrefixed:
                Advance(unchecked((int)ReadVarUInt32()));
                break;
            case WireType.StartObject:
                EnterObject();
                while (TryReadField(out _, out var inner))
                {
                    SkipField(inner);
                }

                LeaveObject();
                break;
            case WireType.Null:
            case WireType.EndObject:
                break;
            default:
                throw new SerializationException($"Cannot skip wire type {wireType}.");
        }
    }

    /// <summary>Reads an unsigned varint.</summary>
    public uint ReadVarUInt32()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw Truncated();
            }

            var b = _buffer[_position++];
            if (shift == 28 && b > 0x0F)
            {
                // The fifth byte may carry only the top four bits; anything more is corrupt.
                throw new SerializationException("A 32-bit varint is too long.");
            }

            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new SerializationException("A 32-bit varint is too long.");
    }

    /// <summary>Reads an unsigned varint.</summary>
    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        var shift = 0;
        while (shift < 64)
        {
            if (_position >= _buffer.Length)
            {
                throw Truncated();
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }

            shift += 7;
        }

        throw new SerializationException("A 64-bit varint is too long.");
    }

    /// <summary>Reads four little-endian bytes.</summary>
    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>Reads eight little-endian bytes.</summary>
    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads the payload of a length-prefixed field as a span over the buffer.</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed() => Take(unchecked((int)ReadVarUInt32()));

    /// <summary>Reads a UTF-8 string payload.</summary>
    public string ReadUtf8() => Encoding.UTF8.GetString(ReadLengthPrefixed());

    /// <summary>Reads an integer of any integral wire type as a signed 64-bit value.</summary>
    public long ReadInt64Value(WireType wireType) => wireType switch
    {
        WireType.VarInt => ZigZag.Decode(ReadVarUInt64()),
        WireType.Fixed32 => (int)ReadFixed32(),
        WireType.Fixed64 => (long)ReadFixed64(),
        WireType.Null => 0,
        _ => throw Mismatch(wireType, "an integer"),
    };

    /// <summary>Reads an integer of any integral wire type as an unsigned 64-bit value.</summary>
    public ulong ReadUInt64Value(WireType wireType) => wireType switch
    {
        WireType.VarInt => ReadVarUInt64(),
        WireType.Fixed32 => ReadFixed32(),
        WireType.Fixed64 => ReadFixed64(),
        WireType.Null => 0,
        _ => throw Mismatch(wireType, "an unsigned integer"),
    };

    /// <summary>Builds the exception for a field whose wire type does not fit the member's type.</summary>
    public static SerializationException Mismatch(WireType wireType, string expected) =>
        new($"Expected {expected} but found wire type {wireType}.");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _buffer.Length - _position < count)
        {
            throw Truncated();
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    private void Advance(int count) => Take(count);

    private readonly SerializationException Truncated() =>
        new($"Unexpected end of data at offset {_position} of {_buffer.Length}.");
}
