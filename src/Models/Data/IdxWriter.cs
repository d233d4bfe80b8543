using System.Buffers.Binary;
using System.IO.Compression;

namespace KernelGen.Models.Data;

/// <summary>Writes a dataset as gzip IDX files (pixels scaled back to bytes), e.g. to hand the same data to a peer program.</summary>
public static class IdxWriter
{
    /// <summary>Writes images and labels of <paramref name="data"/> with the given path prefix; returns (images path, labels path).</summary>
    public static (string Images, string Labels) Write(Dataset data, string prefix)
    {
        string images = prefix + "-images-idx3-ubyte.gz", labels = prefix + "-labels-idx1-ubyte.gz";
        using (var f = new GZipStream(File.Create(images), CompressionLevel.Fastest))
        {
            Span<byte> header = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(header, 0x00000803);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], data.Count);
            BinaryPrimitives.WriteInt32BigEndian(header[8..], data.Rows);
            BinaryPrimitives.WriteInt32BigEndian(header[12..], data.Cols);
            f.Write(header);
            f.Write(data.Images.Select(v => (byte)Math.Clamp(MathF.Round(v * 255f), 0, 255)).ToArray());
        }
        using (var f = new GZipStream(File.Create(labels), CompressionLevel.Fastest))
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(header, 0x00000801);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], data.Count);
            f.Write(header);
            f.Write(data.Labels.Select(l => (byte)l).ToArray());
        }
        return (images, labels);
    }
}
