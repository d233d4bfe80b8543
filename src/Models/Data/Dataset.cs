namespace KernelGen.Models.Data;

/// <summary>A labelled image set in memory: <see cref="Count"/> grayscale images of <see cref="Rows"/> ×
/// <see cref="Cols"/>, row-major, one after another in <see cref="Images"/> as floats in [0, 1], and one label
/// in [0, <see cref="Classes"/>) per image.</summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset, checking that the arrays agree with the sizes.</summary>
    /// <param name="name">A name for messages and file names, e.g. "mnist/train".</param>
    /// <param name="images">Pixels, length <c>labels.Length · rows · cols</c>.</param>
    /// <param name="labels">One label per image, each in [0, classes).</param>
    /// <param name="rows">Image height.</param>
    /// <param name="cols">Image width.</param>
    /// <param name="classes">Number of classes.</param>
    public Dataset(string name, float[] images, int[] labels, int rows, int cols, int classes)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if ((long)labels.Length * rows * cols != images.Length)
            throw new ArgumentException(
                $"Dataset '{name}': {labels.Length} labels of {rows}×{cols} images need {(long)labels.Length * rows * cols} pixels, found {images.Length}.",
                nameof(images));
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"Dataset '{name}': label {labels[i]} of image {i} is outside 0..{classes - 1}.", nameof(labels));
        Name = name;
        Images = images;
        Labels = labels;
        Rows = rows;
        Cols = cols;
        Classes = classes;
    }

    /// <summary>Name used in messages, e.g. "mnist/train".</summary>
    public string Name { get; }

    /// <summary>All pixels, <see cref="Count"/> × <see cref="PixelsPerImage"/>, in [0, 1].</summary>
    public float[] Images { get; }

    /// <summary>One label per image.</summary>
    public int[] Labels { get; }

    /// <summary>Image height.</summary>
    public int Rows { get; }

    /// <summary>Image width.</summary>
    public int Cols { get; }

    /// <summary>Number of classes; labels lie in [0, Classes).</summary>
    public int Classes { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Pixels in one image: <c>Rows · Cols</c>.</summary>
    public int PixelsPerImage => Rows * Cols;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>The first <paramref name="count"/> images (all of them when there are fewer), same name and format.</summary>
    public Dataset First(int count) => count >= Count ? this
        : new Dataset(Name, Images[..(Math.Max(0, count) * PixelsPerImage)], Labels[..Math.Max(0, count)], Rows, Cols, Classes);

    /// <summary>A copy with every pixel set to 1 above 0.5 and 0 otherwise (fixed binarization, done once).</summary>
    public Dataset BinarizeFixed()
    {
        var binary = new float[Images.Length];
        Binarizer.Fixed(Images, binary);
        return new Dataset(Name + "/binary", binary, Labels, Rows, Cols, Classes);
    }

    /// <summary>Loads an IDX image file and its label file (raw or gzip) as one dataset.</summary>
    /// <param name="imagesPath">The image file (magic 0x00000803).</param>
    /// <param name="labelsPath">The label file (magic 0x00000801).</param>
    /// <param name="classes">The class count; labels outside [0, classes) are an error. When null: the largest
    /// label + 1.</param>
    /// <param name="name">Name of the dataset; the image file's name when null.</param>
    /// <exception cref="FileFormatException">A defect in either file, or image and label counts that differ.</exception>
    public static Dataset LoadIdx(string imagesPath, string labelsPath, int? classes = null, string? name = null)
    {
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath, classes);
        if (images.Count != labels.Length)
            throw new FileFormatException(
                $"IDX files '{imagesPath}' and '{labelsPath}' do not match: {images.Count} images (count at offset 4 of the first) but {labels.Length} labels (count at offset 4 of the second).");
        int classCount = classes ?? (labels.Length == 0 ? 1 : labels.Max() + 1);
        return new Dataset(name ?? Path.GetFileName(imagesPath), images.Pixels, labels, images.Rows, images.Cols, classCount);
    }
}
