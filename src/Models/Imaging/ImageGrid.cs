namespace KernelGen.Models.Imaging;

/// <summary>Lays out N grayscale images of equal size in a grid with padding, for sample sheets.</summary>
public static class ImageGrid
{
    /// <summary>Composes the grid and returns its bytes (row-major grayscale) and size.</summary>
    /// <param name="images">N images one after another, each <c>rows · cols</c> floats in [0, 1] (clamped).</param>
    /// <param name="rows">Height of each image.</param>
    /// <param name="cols">Width of each image.</param>
    /// <param name="columns">Images per grid row; when null, the ceiling of √N.</param>
    /// <param name="padding">Pixels between images and around the edge.</param>
    /// <param name="background">Gray level of the padding, in [0, 1].</param>
    public static (byte[] Pixels, int Width, int Height) Compose(ReadOnlySpan<float> images, int rows, int cols,
        int? columns = null, int padding = 2, float background = 0.5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        int size = rows * cols;
        if (images.Length == 0 || images.Length % size != 0)
            throw new ArgumentException(
                $"The image data ({images.Length} floats) is not a positive whole number of {rows}×{cols} images.", nameof(images));
        int count = images.Length / size;
        int across = columns ?? (int)Math.Ceiling(Math.Sqrt(count));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(across, nameof(columns));
        across = Math.Min(across, count);
        int down = (count + across - 1) / across;
        int width = across * (cols + padding) + padding, height = down * (rows + padding) + padding;

        var pixels = new byte[(long)width * height];
        Span<byte> fill = [0];
        PngWriter.ToBytes([background], fill);
        pixels.AsSpan().Fill(fill[0]);
        for (int n = 0; n < count; n++)
        {
            int x0 = padding + n % across * (cols + padding), y0 = padding + n / across * (rows + padding);
            for (int r = 0; r < rows; r++)
                PngWriter.ToBytes(images.Slice(n * size + r * cols, cols), pixels.AsSpan((y0 + r) * width + x0, cols));
        }
        return (pixels, width, height);
    }

    /// <summary>Composes the grid (see <see cref="Compose"/>) and writes it as a grayscale PNG.</summary>
    public static void SavePng(string path, ReadOnlySpan<float> images, int rows, int cols, int? columns = null,
        int padding = 2, float background = 0.5f)
    {
        var (pixels, width, height) = Compose(images, rows, cols, columns, padding, background);
        PngWriter.WriteGray(path, pixels, width, height);
    }
}
