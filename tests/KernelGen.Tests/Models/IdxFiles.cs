using System.Buffers.Binary;
using System.IO.Compression;

namespace KernelGen.Tests.Models;

/// <summary>Writes small IDX files for the tests, in a temporary folder removed on dispose.</summary>
public sealed class IdxFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("kernelgen-idx-").FullName;

    public static byte[] Header(int magic, params int[] dims)
    {
        var bytes = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        return bytes;
    }

    public static byte[] Images(byte[] pixels, int count, int rows, int cols) => [.. Header(0x803, count, rows, cols), .. pixels];

    public static byte[] Labels(params byte[] labels) => [.. Header(0x801, labels.Length), .. labels];

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }

    public string Write(string name, byte[] data)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    /// <summary>Three 2×3 images (pixel value = 10·image + index) and labels 2, 0, 1.</summary>
    public static byte[] SampleImages() => Images([.. Enumerable.Range(0, 18).Select(i => (byte)(i / 6 * 10 + i % 6))], 3, 2, 3);

    public static byte[] SampleLabels() => Labels(2, 0, 1);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
