namespace KernelGen.Models.Data;

/// <summary>Reads the IDX format of MNIST and its relatives: a big-endian magic number <c>0x000008DD</c>
/// (0x08: unsigned bytes, DD: number of dimensions), DD big-endian 32-bit sizes, then the bytes. Files may be
/// raw or gzip-compressed (recognised by their <c>1f 8b</c> header). Every defect (truncation, extra bytes, sizes
/// that cannot be loaded, corrupt gzip data) is an <see cref="FileFormatException"/> naming the file and the offset
/// (in the decompressed data) and what was expected.</summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, cols).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an image file (magic 0x00000803) as floats in [0, 1].</summary>
    /// <param name="path">The file, raw or gzip.</param>
    public static IdxImages ReadImages(string path) => ReadFile(path, source => ParseImages(source, path));

    /// <summary>Reads a label file (magic 0x00000801).</summary>
    /// <param name="path">The file, raw or gzip.</param>
    /// <param name="classes">When given, every label must lie in [0, classes).</param>
    public static int[] ReadLabels(string path, int? classes = null) => ReadFile(path, source => ParseLabels(source, path, classes));

    /// <summary>Reads an image file from a stream; <paramref name="name"/> names it in errors.</summary>
    public static IdxImages ReadImages(Stream stream, string name)
    {
        using var source = IdxSource.Open(stream, name);
        return ParseImages(source, name);
    }

    /// <summary>Reads a label file from a stream; <paramref name="name"/> names it in errors.</summary>
    public static int[] ReadLabels(Stream stream, string name, int? classes = null)
    {
        using var source = IdxSource.Open(stream, name);
        return ParseLabels(source, name, classes);
    }

    /// <summary>The words of the message for a label past the class count (before the range).</summary>
    public const string LabelOutsideClasses = "is outside the class range";

    /// <summary>
    /// The exception for a defect <paramref name="what"/> of the file <paramref name="name"/>; every rejection of the
    /// reader is made here.
    /// </summary>
    internal static FileFormatException Invalid(string name, string what, Exception? inner = null) =>
        new($"IDX file '{name}': {what}.", inner);

    static T ReadFile<T>(string path, Func<IdxSource, T> parse)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        using var source = IdxSource.Open(file, path);
        return parse(source);
    }

    static IdxImages ParseImages(IdxSource source, string name)
    {
        int[] dims = source.ReadHeader(ImagesMagic, "images (unsigned bytes, 3 dimensions)");
        int count = dims[0], rows = dims[1], cols = dims[2];
        if (rows == 0 || cols == 0)
            throw Invalid(name, $"image size {rows}×{cols} at offset 8 is empty; expected at least 1×1");
        Int128 pixels = (Int128)count * rows * cols; // three sizes below 2^31: no overflow in 128 bits
        if (pixels > Array.MaxLength)
            throw Invalid(name, $"{count} images of {rows}×{cols} (sizes at offsets 4, 8, 12) are {pixels} pixels, too many to load; expected at most {Array.MaxLength}");
        byte[] data = source.ReadToEnd((long)pixels, $"{count} images of {rows}×{cols}");
        var result = new float[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = data[i] / 255f;
        return new IdxImages(result, count, rows, cols);
    }

    static int[] ParseLabels(IdxSource source, string name, int? classes)
    {
        if (classes is <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "The class count must be positive.");
        int count = source.ReadHeader(LabelsMagic, "labels (unsigned bytes, 1 dimension)")[0];
        if (count > Array.MaxLength)
            throw Invalid(name, $"{count} labels (count at offset 4) are too many to load; expected at most {Array.MaxLength}");
        byte[] data = source.ReadToEnd(count, $"{count} labels");
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = data[i];
            if (labels[i] >= classes)
                throw Invalid(name, $"label {labels[i]} of item {i} (offset {8 + i}) {LabelOutsideClasses} 0..{classes - 1}");
        }
        return labels;
    }
}
