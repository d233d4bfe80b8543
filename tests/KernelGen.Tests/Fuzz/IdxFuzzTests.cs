using System.Buffers.Binary;
using KernelGen.Models.Data;
using KernelGen.Tests.Models;

namespace KernelGen.Tests.Fuzz;

/// <summary>
/// Mutates valid IDX image and label files, raw and gzip, in thousands of ways from a fixed seed: truncation at
/// every length, byte flips, sizes at the edges (0, 2^31 − 1, 2^31, 2^32 − 1), appended bytes, flips inside the
/// gzip stream. Each file must load consistently or be rejected cleanly.
/// </summary>
public sealed class IdxFuzzTests
{
    const int Seed = 20240612;
    const int Classes = 3;

    IdxFiles _files = null!;
    FuzzOutcomes _outcomes = null!;
    int _case;

    // When set, a file that loads must hold exactly this content (a gzip stream cut in its trailer still inflates fully).
    byte[]? _whole;

    [SetUp]
    public void Create()
    {
        _files = new IdxFiles();
        _outcomes = new FuzzOutcomes();
    }

    [TearDown] public void Remove() => _files.Dispose();

    static byte[] Images() => IdxFiles.Images([.. Enumerable.Range(0, 5 * 4 * 3).Select(i => (byte)(i * 37))], 5, 4, 3);

    static byte[] Labels() => IdxFiles.Labels(2, 0, 1, 1, 0);

    void TryImages(string description, byte[] file)
    {
        string path = _files.Write($"images-{_case++ % 16}", file);
        _outcomes.Run(description, path, () => IdxReader.ReadImages(path), read =>
        {
            Assert.That(read.Pixels.LongLength, Is.EqualTo((long)read.Count * read.Rows * read.Cols), description);
            Assert.That(read.Pixels.All(p => p is >= 0f and <= 1f), description);
            if (_whole is not null) Assert.That(read.Pixels, Is.EqualTo(IdxReader.ReadImages(new MemoryStream(_whole), "whole").Pixels), description);
        });
    }

    void TryLabels(string description, byte[] file)
    {
        string path = _files.Write($"labels-{_case++ % 16}", file);
        _outcomes.Run(description, path, () => IdxReader.ReadLabels(path, Classes), labels =>
        {
            Assert.That(labels.All(l => l is >= 0 and < Classes), description);
            if (_whole is not null) Assert.That(labels, Is.EqualTo(IdxReader.ReadLabels(new MemoryStream(_whole), "whole")), description);
        });
    }

    void Try(bool images, string description, byte[] file)
    {
        if (images) TryImages(description, file);
        else TryLabels(description, file);
    }

    [Test]
    public void TruncationAtEveryLength([Values] bool images, [Values] bool gzip)
    {
        byte[] file = _whole = images ? Images() : Labels();
        if (gzip) file = IdxFiles.Gzip(file);
        for (int length = 0; length <= file.Length; length++) Try(images, $"{(gzip ? "gzip " : "")}truncated to {length} bytes", file[..length]);
        _outcomes.Report(file.Length);
        // .NET inflates a gzip stream without its 8-byte trailer (CRC-32, length) and the end of the last block
        // without complaint; what loads is then the whole content, checked above.
        if (gzip) Assert.That(_outcomes.Loaded, Is.InRange(1, 10), "only cuts in the trailer load");
        else Assert.That(_outcomes.Loaded, Is.EqualTo(1), "only the whole file loads");
    }

    [Test]
    public void SizesAtTheEdges([Values] bool images, [Values] bool gzip)
    {
        uint[] sizes = [0, 1, 2, 3, 4, 5, 6, 255, 65536, int.MaxValue, 1u << 31, uint.MaxValue - 1, uint.MaxValue];
        byte[] valid = images ? Images() : Labels();
        int dims = images ? 3 : 1;
        for (int d = 0; d < dims; d++)
            foreach (uint size in sizes)
            {
                var file = valid.ToArray();
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4 + 4 * d), size);
                Try(images, $"dimension {d} = {size}", gzip ? IdxFiles.Gzip(file) : file);
            }
        var random = new Random(Seed);
        for (int i = 0; i < 200; i++)
        {
            var file = valid.ToArray();
            for (int d = 0; d < dims; d++) BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4 + 4 * d), sizes[random.Next(sizes.Length)]);
            Try(images, $"sizes {Convert.ToHexString(file[4..(4 + 4 * dims)])}", gzip ? IdxFiles.Gzip(file) : file);
        }
        _outcomes.Report(dims * sizes.Length + 200);
    }

    [Test]
    public void ByteFlipsAndAppendedBytes([Values] bool images)
    {
        var random = new Random(Seed);
        byte[] valid = images ? Images() : Labels();
        for (int i = 0; i < 1000; i++)
        {
            var file = valid.ToArray();
            int at = random.Next(i % 2 == 0 ? Math.Min(16, file.Length) : file.Length); // half of them in the header
            file[at] = (byte)random.Next(256);
            if (i % 5 == 0) file = [.. file, .. new byte[random.Next(1, 40)]];
            Try(images, $"byte {at} = {file[at]}{(i % 5 == 0 ? " and bytes appended" : "")}", i % 3 == 0 ? IdxFiles.Gzip(file) : file);
        }
        _outcomes.Report(1000);
        Assert.That(_outcomes.Loaded, Is.GreaterThan(0), "flips in the pixels or to other valid labels still load");
    }

    [Test]
    public void CorruptGzipStreams([Values] bool images)
    {
        var random = new Random(Seed);
        byte[] gzip = IdxFiles.Gzip(images ? Images() : Labels());
        for (int i = 0; i < 1000; i++)
        {
            var file = gzip.ToArray();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++) file[2 + random.Next(file.Length - 2)] ^= (byte)random.Next(1, 256); // keep 1f 8b
            Try(images, $"gzip case {i}", file);
        }
        for (int i = 0; i < 200; i++)
        {
            byte[] garbage = [0x1f, 0x8b, .. Enumerable.Range(0, random.Next(0, 64)).Select(_ => (byte)random.Next(256))];
            Try(images, $"gzip garbage {i}", garbage);
        }
        _outcomes.Report(1200);
    }
}
