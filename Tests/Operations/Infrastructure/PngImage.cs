using System.Buffers.Binary;
using System.IO.Compression;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>A decoded 8-bit RGB or RGBA PNG (what Chromium's screenshots are), enough to look at its pixels.</summary>
public sealed class PngImage
{
    private readonly byte[] _pixels;
    private readonly int _channels;

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public static PngImage Decode(byte[] png)
    {
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (!png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("Not a PNG.");
        }

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0)
                {
                    throw new InvalidDataException("Only 8-bit, non-interlaced PNGs are supported.");
                }

                channels = data[9] switch
                {
                    2 => 3,
                    6 => 4,
                    _ => throw new InvalidDataException($"Colour type {data[9]} is not supported."),
                };
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }

            offset += 12 + length;
        }

        compressed.Position = 0;
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        return new PngImage(width, height, channels, Unfilter(raw.ToArray(), width, height, channels));
    }

    /// <summary>How many pixels are within <paramref name="tolerance"/> of the colour (per channel).</summary>
    public int Count(byte red, byte green, byte blue, int tolerance = 12)
    {
        var count = 0;
        for (var i = 0; i < _pixels.Length; i += _channels)
        {
            if (Math.Abs(_pixels[i] - red) <= tolerance && Math.Abs(_pixels[i + 1] - green) <= tolerance && Math.Abs(_pixels[i + 2] - blue) <= tolerance)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The number of distinct colours (a blank page has one or two).</summary>
    public int DistinctColours()
    {
        var colours = new HashSet<int>();
        for (var i = 0; i < _pixels.Length; i += _channels)
        {
            colours.Add((_pixels[i] << 16) | (_pixels[i + 1] << 8) | _pixels[i + 2]);
        }

        return colours.Count;
    }

    private static byte[] Unfilter(byte[] data, int width, int height, int channels)
    {
        var stride = width * channels;
        var pixels = new byte[stride * height];
        for (var row = 0; row < height; row++)
        {
            var filter = data[row * (stride + 1)];
            var source = data.AsSpan((row * (stride + 1)) + 1, stride);
            var target = pixels.AsSpan(row * stride, stride);
            var previous = row > 0 ? pixels.AsSpan((row - 1) * stride, stride) : new byte[stride];
            for (var i = 0; i < stride; i++)
            {
                var left = i >= channels ? target[i - channels] : 0;
                var up = (int)previous[i];
                var upLeft = i >= channels ? previous[i - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter}."),
                };
                target[i] = (byte)(source[i] + predictor);
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
