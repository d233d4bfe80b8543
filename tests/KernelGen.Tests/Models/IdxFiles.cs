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

    /// <summary>
    /// The four files of a train/test split in <paramref name="folder"/>: <paramref name="count"/> seeded 28×28 images
    /// each, labelled i mod 10 except where <paramref name="label"/> says otherwise.
    /// </summary>
    public static void WriteSplit(string folder, int count, Func<int, byte>? label = null)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(5);
        foreach (var stem in new[] { "train", "t10k" })
        {
            var pixels = new byte[count * 28 * 28];
            random.NextBytes(pixels);
            File.WriteAllBytes(Path.Combine(folder, $"{stem}-images-idx3-ubyte"), Images(pixels, count, 28, 28));
            File.WriteAllBytes(Path.Combine(folder, $"{stem}-labels-idx1-ubyte"),
                Labels([.. Enumerable.Range(0, count).Select(i => label?.Invoke(i) ?? (byte)(i % 10))]));
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
