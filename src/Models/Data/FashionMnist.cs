namespace KernelGen.Models.Data;

/// <summary>Fashion-MNIST (Zalando, 60,000 + 10,000 clothing images of 28×28, 10 classes), read from the folder
/// that Debian's <c>dataset-fashion-mnist</c> package installs.</summary>
public static class FashionMnist
{
    /// <summary>Where <c>apt-get install dataset-fashion-mnist</c> puts the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads "fashion-mnist/train" and "fashion-mnist/test" from <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder is missing; the message says how to install it.</exception>
    public static DataSplits Load(string directory = DefaultDirectory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException(
                $"Fashion-MNIST folder '{directory}' does not exist. Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or pass a folder holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz.");
        return IdxFolder.Load(directory, "fashion-mnist", Classes);
    }
}
