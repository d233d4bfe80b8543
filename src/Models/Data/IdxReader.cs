using System.IO.Compression;

namespace KernelGen.Models.Data;

/// <summary>Reads the IDX format of MNIST and its relatives: a big-endian magic number <c>0x000008DD</c>
/// (0x08: unsigned bytes, DD: number of dimensions), DD big-endian 32-bit sizes, then the bytes. Files may be
/// raw or gzip-compressed (recognised by their <c>1f 8b</c> header). Every defect is an
/// <see cref="InvalidDataException"/> naming the file and the offset (in the decompressed data).</summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, cols).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an image file (magic 0x00000803) as floats in [0, 1].</summary>
    /// <param name="path">The file, raw or gzip.</param>
    public static IdxImages ReadImages(string path) => ParseImages(ReadAll(path), path);

    /// <summary>Reads a label file (magic 0x00000801).</summary>
    /// <param name="path">The file, raw or gzip.</param>
    /// <param name="classes">When given, every label must lie in [0, classes).</param>
    public static int[] ReadLabels(string path, int? classes = null) => ParseLabels(ReadAll(path), path, classes);

    /// <summary>Reads an image file from a stream; <paramref name="name"/> names it in errors.</summary>
    public static IdxImages ReadImages(Stream stream, string name) => ParseImages(ReadAll(stream, name), name);

    /// <summary>Reads a label file from a stream; <paramref name="name"/> names it in errors.</summary>
    public static int[] ReadLabels(Stream stream, string name, int? classes = null) =>
        ParseLabels(ReadAll(stream, name), name, classes);

    static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        return ReadAll(file, path);
    }

    static byte[] ReadAll(Stream stream, string name)
    {
        var raw = new MemoryStream();
        stream.CopyTo(raw);
        byte[] bytes = raw.ToArray();
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var inflated = new MemoryStream();
            gzip.CopyTo(inflated);
            return inflated.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"IDX file '{name}': the gzip data is corrupt ({e.Message}).", e);
        }
    }

    static IdxImages ParseImages(byte[] data, string name)
    {
        int[] dims = Header(data, name, ImagesMagic, "images (unsigned bytes, 3 dimensions)");
        int count = dims[0], rows = dims[1], cols = dims[2];
        if (rows == 0 || cols == 0)
            throw new InvalidDataException($"IDX file '{name}': image size {rows}×{cols} at offset 8 is empty.");
        long pixels = (long)count * rows * cols;
        if (pixels > Array.MaxLength)
            throw new InvalidDataException($"IDX file '{name}': {count} images of {rows}×{cols} are too many to load.");
        CheckLength(data, name, 16 + pixels, $"{count} images of {rows}×{cols}");
        var result = new float[pixels];
        for (long i = 0; i < pixels; i++) result[i] = data[16 + i] / 255f;
        return new IdxImages(result, count, rows, cols);
    }

    static int[] ParseLabels(byte[] data, string name, int? classes)
    {
        if (classes is <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "The class count must be positive.");
        int count = Header(data, name, LabelsMagic, "labels (unsigned bytes, 1 dimension)")[0];
        CheckLength(data, name, 8L + count, $"{count} labels");
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = data[8 + i];
            if (labels[i] >= classes)
                throw new InvalidDataException(
                    $"IDX file '{name}': label {labels[i]} of item {i} (offset {8 + i}) is outside the class range 0..{classes - 1}.");
        }
        return labels;
    }

    static int[] Header(byte[] data, string name, int magic, string what)
    {
        if (data.Length < 4)
            throw new InvalidDataException($"IDX file '{name}' is truncated: expected at least 4 bytes of magic number at offset 0, found {data.Length} bytes.");
        int found = BigEndian(data, 0);
        if (found != magic)
            throw new InvalidDataException(
                $"IDX file '{name}': magic number 0x{found:X8} at offset 0 is not 0x{magic:X8} for {what}{Hint(found)}.");
        int dimsCount = magic & 0xff;
        int headerBytes = 4 + 4 * dimsCount;
        if (data.Length < headerBytes)
            throw new InvalidDataException($"IDX file '{name}' is truncated: expected {headerBytes} header bytes, found {data.Length}.");
        var dims = new int[dimsCount];
        for (int d = 0; d < dimsCount; d++)
        {
            dims[d] = BigEndian(data, 4 + 4 * d);
            if (dims[d] < 0)
                throw new InvalidDataException($"IDX file '{name}': dimension {d} at offset {4 + 4 * d} is {(uint)dims[d]}, too large.");
        }
        return dims;
    }

    static string Hint(int found) => found switch
    {
        ImagesMagic => " (this is an image file)",
        LabelsMagic => " (this is a label file)",
        _ when (found & ~0xff) == 0x800 => $" (unsigned bytes with {found & 0xff} dimensions)",
        _ => " (not an IDX unsigned-byte file)",
    };

    static void CheckLength(byte[] data, string name, long expected, string what)
    {
        if (data.Length < expected)
            throw new InvalidDataException(
                $"IDX file '{name}' is truncated: {what} need {expected} bytes, found {data.Length} (data ends at offset {data.Length}).");
        if (data.Length > expected)
            throw new InvalidDataException(
                $"IDX file '{name}' has {data.Length - expected} extra bytes after {what}, from offset {expected} (expected {expected} bytes, found {data.Length}).");
    }

    static int BigEndian(byte[] data, int offset) =>
        data[offset] << 24 | data[offset + 1] << 16 | data[offset + 2] << 8 | data[offset + 3];
}
