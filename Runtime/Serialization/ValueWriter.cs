using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Writes tagged fields into an <see cref="IBufferWriter{T}"/>. Each field is a varint header
/// (<c>id &lt;&lt; 3 | wireType</c>) followed by its payload, so that readers can skip what they do not know.
/// Call <see cref="Commit"/> when done: bytes are handed to the output in chunks, not one at a time.
/// </summary>
public ref struct ValueWriter
{
    private const int MinimumChunk = 256;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;
    private long _committed;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    public ValueWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = default;
        _buffered = 0;
        _committed = 0;
    }

    /// <summary>Bytes written so far (committed or buffered).</summary>
    public readonly long Position => _committed + _buffered;

    /// <summary>Hands every buffered byte to the output.</summary>
    public void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
        }

        _span = default;
    }

    /// <summary>
    /// Reserves <paramref name="size"/> contiguous bytes and returns them for the caller to fill later
    /// (a frame's length prefix). The span stays valid until the output is flushed.
    /// </summary>
    public Span<byte> ReserveFixed(int size)
    {
        var span = Reserve(size)[..size];
        _buffered += size;
        return span;
    }

    /// <summary>Writes a field header.</summary>
    public void WriteFieldHeader(uint fieldId, WireType wireType) => WriteVarUInt32((fieldId << 3) | (uint)wireType);

    /// <summary>Writes an explicit null for <paramref name="fieldId"/>.</summary>
    public void WriteNull(uint fieldId) => WriteFieldHeader(fieldId, WireType.Null);

    /// <summary>Opens a nested object or collection.</summary>
    public void WriteStartObject(uint fieldId) => WriteFieldHeader(fieldId, WireType.StartObject);

    /// <summary>Closes the innermost nested object or collection.</summary>
    public void WriteEndObject() => WriteVarUInt32((uint)WireType.EndObject);

    /// <summary>Writes an unsigned varint without a header.</summary>
    public void WriteVarUInt32(uint value)
    {
        var span = Reserve(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffered += i;
    }

    /// <summary>Writes an unsigned varint without a header.</summary>
    public void WriteVarUInt64(ulong value)
    {
        var span = Reserve(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffered += i;
    }

    /// <summary>Writes four little-endian bytes without a header.</summary>
    public void WriteFixed32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        _buffered += 4;
    }

    /// <summary>Writes eight little-endian bytes without a header.</summary>
    public void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
        _buffered += 8;
    }

    /// <summary>Writes raw bytes without a header or length.</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= 4096)
        {
            bytes.CopyTo(Reserve(bytes.Length));
            _buffered += bytes.Length;
            return;
        }

        // Large payloads go through in chunks instead of one huge contiguous reservation.
        while (!bytes.IsEmpty)
        {
            var span = Reserve(1);
            var room = span.Length;
            var n = Math.Min(room, bytes.Length);
            bytes[..n].CopyTo(span);
            _buffered += n;
            bytes = bytes[n..];
        }
    }

    /// <summary>Writes a length-prefixed byte field.</summary>
    public void WriteBytesField(uint fieldId, scoped ReadOnlySpan<byte> bytes)
    {
        WriteFieldHeader(fieldId, WireType.LengthPrefixed);
        WriteVarUInt32((uint)bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>Writes a length-prefixed UTF-8 string field (a null string becomes an explicit null).</summary>
    public void WriteStringField(uint fieldId, string? value)
    {
        if (value is null)
        {
            WriteNull(fieldId);
            return;
        }

        WriteFieldHeader(fieldId, WireType.LengthPrefixed);
        if (value.Length <= 1024)
        {
            // Worst case three bytes per UTF-16 unit; encode straight into the reserved span.
            var span = Reserve(5 + (value.Length * 3));
            var count = Encoding.UTF8.GetBytes(value, span[5..]);
            var headerLength = VarIntLength((uint)count);
            if (headerLength != 5)
            {
                span.Slice(5, count).CopyTo(span[headerLength..]);
            }

            WriteVarIntTo(span, (uint)count);
            _buffered += headerLength + count;
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)byteCount);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            WriteRaw(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int VarIntLength(uint value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    private static void WriteVarIntTo(Span<byte> span, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i] = (byte)value;
    }

    private Span<byte> Reserve(int size)
    {
        if (_span.Length - _buffered < size)
        {
            Grow(size);
        }

        return _span[_buffered..];
    }

    private void Grow(int size)
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
        }

        _span = _output.GetSpan(Math.Max(size, MinimumChunk));
    }
}
