namespace KernelGen.Models.Data;

/// <summary>The kinds of data source a <see cref="DataSpec"/> names.</summary>
public enum DataSource
{
    /// <summary>The embedded MNIST digits (<see cref="Mnist.LoadEmbedded"/>).</summary>
    Mnist,

    /// <summary>Fashion-MNIST from its Debian folder (<see cref="FashionMnist.Load"/>).</summary>
    FashionMnist,

    /// <summary>Four IDX files in a folder or behind a prefix (<see cref="IdxFolder.Load"/>).</summary>
    IdxFiles,
}

/// <summary>A data source as written on the command line: <c>mnist</c>, <c>fashion-mnist</c>, or a path to a
/// folder holding the four standard IDX files (or a prefix of such files).</summary>
/// <param name="Source">Which kind of source.</param>
/// <param name="Path">The folder or prefix for <see cref="DataSource.IdxFiles"/> (and for
/// <see cref="DataSource.FashionMnist"/>, its folder); null for the embedded MNIST.</param>
public sealed record DataSpec(DataSource Source, string? Path)
{
    /// <summary>What <see cref="Parse"/> accepts, for help texts and errors.</summary>
    public const string Accepted =
        "'mnist' (the 10,000 digits built in), 'fashion-mnist' (apt-get install dataset-fashion-mnist), or a path to a folder with " +
        "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each optionally .gz), " +
        "or a path prefix PREFIX of PREFIX-train-images-idx3-ubyte.gz and its three siblings";

    /// <summary>Parses a data argument.</summary>
    /// <exception cref="ArgumentException">Neither a known name nor a folder or prefix of IDX files; the
    /// message lists what is accepted.</exception>
    public static DataSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException($"No data given. Expected {Accepted}.", nameof(text));
        string t = text.Trim();
        if (t.Equals("mnist", StringComparison.OrdinalIgnoreCase)) return new DataSpec(DataSource.Mnist, null);
        if (t.Equals("fashion-mnist", StringComparison.OrdinalIgnoreCase) || t.Equals("fashion_mnist", StringComparison.OrdinalIgnoreCase))
            return new DataSpec(DataSource.FashionMnist, FashionMnist.DefaultDirectory);
        if (IdxFolder.Exists(t)) return new DataSpec(DataSource.IdxFiles, t);
        string why = Directory.Exists(t)
            ? $"the folder '{t}' lacks some of the four IDX files"
            : $"'{t}' is neither a known name nor a folder or prefix of IDX files";
        throw new ArgumentException($"Unknown data '{text}': {why}. Expected {Accepted}.", nameof(text));
    }

    /// <summary>Classes of IDX data given by path when none are declared: the MNIST family's ten.</summary>
    public const int DefaultClasses = 10;

    /// <summary>
    /// Loads the training and test sets. Labels are checked against the class count: ten for MNIST and
    /// Fashion-MNIST; for IDX files <paramref name="classes"/>, or <see cref="DefaultClasses"/> when it is null, so
    /// one stray label is an error naming the file and the record instead of a model with more classes.
    /// </summary>
    public DataSplits Load(int? classes = null) => Source switch
    {
        DataSource.Mnist => Mnist.LoadEmbedded(),
        DataSource.FashionMnist => FashionMnist.Load(Path ?? FashionMnist.DefaultDirectory),
        _ => IdxFolder.Load(Path!, classes: classes ?? DefaultClasses),
    };

    /// <inheritdoc />
    public override string ToString() => Source switch
    {
        DataSource.Mnist => "mnist",
        DataSource.FashionMnist => "fashion-mnist",
        _ => Path!,
    };
}
