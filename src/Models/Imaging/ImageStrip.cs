namespace KernelGen.Models.Imaging;

/// <summary>
/// Lays out groups of grayscale images of equal size in one row, each group parted from the next by a white bar
/// (e.g. original | decoded interpolation | original), with <see cref="ImageGrid"/>'s padding between images.
/// </summary>
public static class ImageStrip
{
    /// <summary>Width in pixels of the bar between two groups; the usual padding lies on either side of it.</summary>
    public const int SeparatorWidth = 4;

    /// <summary>Width in pixels of a strip of <paramref name="images"/> images in <paramref name="groups"/> groups.</summary>
    public static int Width(int images, int groups, int cols, int padding = 2) =>
        padding + images * (cols + padding) + (groups - 1) * (SeparatorWidth + padding);

    /// <summary>Composes the strip and returns its bytes (row-major grayscale) and size.</summary>
    /// <param name="groups">The groups, left to right; each one or more <c>rows · cols</c> images in [0, 1] (clamped).</param>
    /// <param name="rows">Height of each image.</param>
    /// <param name="cols">Width of each image.</param>
    /// <param name="padding">Pixels between images and around the edge.</param>
    /// <param name="background">Gray level of the padding, in [0, 1].</param>
    public static (byte[] Pixels, int Width, int Height) Compose(IReadOnlyList<float[]> groups, int rows, int cols,
        int padding = 2, float background = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (groups.Count == 0) throw new ArgumentException("A strip needs at least one group of images.", nameof(groups));
        int size = rows * cols, count = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            if (groups[g].Length == 0 || groups[g].Length % size != 0)
                throw new ArgumentException(
                    $"Group {g} of the strip ({groups[g].Length} floats) is not a positive whole number of {rows}×{cols} images.", nameof(groups));
            count += groups[g].Length / size;
        }
        int width = Width(count, groups.Count, cols, padding), height = rows + 2 * padding;
        var pixels = new byte[(long)width * height];
        Span<byte> fill = [0, 0];
        PngWriter.ToBytes([background, 1f], fill);
        pixels.AsSpan().Fill(fill[0]);
        int x0 = padding;
        for (int g = 0; g < groups.Count; g++)
        {
            if (g > 0)
            {
                for (int r = 0; r < height; r++) pixels.AsSpan(r * width + x0, SeparatorWidth).Fill(fill[1]);
                x0 += SeparatorWidth + padding;
            }
            var images = groups[g].AsSpan();
            for (int n = 0; n < images.Length / size; n++, x0 += cols + padding)
                for (int r = 0; r < rows; r++)
                    PngWriter.ToBytes(images.Slice(n * size + r * cols, cols), pixels.AsSpan((padding + r) * width + x0, cols));
        }
        return (pixels, width, height);
    }

    /// <summary>Composes the strip (see <see cref="Compose"/>) and writes it as a grayscale PNG.</summary>
    public static void SavePng(string path, IReadOnlyList<float[]> groups, int rows, int cols, int padding = 2, float background = 0.5f)
    {
        var (pixels, width, height) = Compose(groups, rows, cols, padding, background);
        PngWriter.WriteGray(path, pixels, width, height);
    }
}
