using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace KernelGen.Models.Imaging;

/// <summary>Writes 8-bit grayscale and RGB PNG files with the standard library alone: IHDR, one zlib IDAT
/// (filter 0 on every row), IEND.</summary>
public static class PngWriter
{
    static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes a grayscale image: <paramref name="pixels"/> holds <c>width · height</c> bytes, row by row.</summary>
    public static byte[] EncodeGray(ReadOnlySpan<byte> pixels, int width, int height) => Encode(pixels, width, height, 1);

    /// <summary>Encodes an RGB image: <paramref name="pixels"/> holds <c>width · height · 3</c> bytes (R, G, B per
    /// pixel), row by row.</summary>
    public static byte[] EncodeRgb(ReadOnlySpan<byte> pixels, int width, int height) => Encode(pixels, width, height, 3);

    /// <summary>Writes a grayscale PNG file (see <see cref="EncodeGray"/>), creating its folder.</summary>
    public static void WriteGray(string path, ReadOnlySpan<byte> pixels, int width, int height) =>
        Save(path, EncodeGray(pixels, width, height));

    /// <summary>Writes an RGB PNG file (see <see cref="EncodeRgb"/>), creating its folder.</summary>
    public static void WriteRgb(string path, ReadOnlySpan<byte> pixels, int width, int height) =>
        Save(path, EncodeRgb(pixels, width, height));

    /// <summary>Converts floats to bytes: clamps to [0, 1], scales by 255 and rounds; NaN becomes 0.</summary>
    public static void ToBytes(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        if (bytes.Length != values.Length)
            throw new ArgumentException($"{values.Length} values need {values.Length} bytes, found {bytes.Length}.", nameof(bytes));
        for (int i = 0; i < values.Length; i++)
        {
            float v = float.IsNaN(values[i]) ? 0f : Math.Clamp(values[i], 0f, 1f);
            bytes[i] = (byte)MathF.Round(v * 255f);
        }
    }

    static void Save(string path, byte[] png)
    {
        KernelGen.Graph.Checkpoints.AtomicFile.Write(path, png);
    }

    static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long stride = (long)width * channels;
        if (stride * height != pixels.Length)
            throw new ArgumentException(
                $"A {width}×{height} {(channels == 1 ? "grayscale" : "RGB")} image needs {stride * height} bytes, found {pixels.Length}.",
                nameof(pixels));
        if (stride + 1 > int.MaxValue / 2 || (stride + 1) * height > Array.MaxLength)
            throw new ArgumentException($"A {width}×{height} image is too large.", nameof(pixels));

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;                                  // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);      // colour type: grayscale or truecolour
        // compression, filter and interlace methods stay 0

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            Span<byte> none = [0];
            for (int y = 0; y < height; y++)
            {
                zlib.Write(none);
                zlib.Write(pixels.Slice((int)(y * stride), (int)stride));
            }
        }

        var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
        png.Write(word);
    }
}
