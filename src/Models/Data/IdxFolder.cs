namespace KernelGen.Models.Data;

/// <summary>Finds and loads the four standard IDX files of a train/test split: in a folder
/// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>, each optionally <c>.gz</c>; <c>test-</c> is accepted for <c>t10k-</c>), or
/// behind a path prefix such as <c>/data/emnist-digits</c> for <c>/data/emnist-digits-train-images-idx3-ubyte.gz</c>.</summary>
public static class IdxFolder
{
    static readonly string[] TrainStems = ["train"];
    static readonly string[] TestStems = ["t10k", "test"];

    /// <summary>Whether <paramref name="folderOrPrefix"/> names a complete set of four files.</summary>
    public static bool Exists(string folderOrPrefix) => TryResolve(folderOrPrefix, out _, out _);

    /// <summary>Loads the split named by a folder or a file prefix.</summary>
    /// <param name="folderOrPrefix">A folder, or a path prefix of the four files.</param>
    /// <param name="name">Dataset name; "NAME/train" and "NAME/test" result.</param>
    /// <param name="classes">The class count; when null, the largest training label + 1.</param>
    /// <exception cref="FileNotFoundException">A file is missing; the message lists every name tried.</exception>
    public static DataSplits Load(string folderOrPrefix, string? name = null, int? classes = null)
    {
        if (!TryResolve(folderOrPrefix, out var files, out var missing))
            throw new FileNotFoundException(
                $"'{folderOrPrefix}' does not hold the four IDX files of a train/test split; not found: {missing}.");
        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(folderOrPrefix));
        var train = Dataset.LoadIdx(files[0], files[1], classes, name + "/train");
        var test = Dataset.LoadIdx(files[2], files[3], train.Classes, name + "/test");
        if (train.Rows != test.Rows || train.Cols != test.Cols)
            throw new FileFormatException(
                $"'{files[0]}' has {train.Rows}×{train.Cols} images but '{files[2]}' has {test.Rows}×{test.Cols}.");
        return new DataSplits(train, test);
    }

    /// <summary>The four files <paramref name="folderOrPrefix"/> names (train images, train labels, test images, test labels), or null when one is missing.</summary>
    public static IReadOnlyList<string>? Files(string folderOrPrefix) => TryResolve(folderOrPrefix, out var files, out _) ? files : null;

    static bool TryResolve(string folderOrPrefix, out string[] files, out string missing)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderOrPrefix);
        string[] prefixes = Directory.Exists(folderOrPrefix)
            ? [Path.TrimEndingDirectorySeparator(folderOrPrefix) + Path.DirectorySeparatorChar]
            : [folderOrPrefix + "-", folderOrPrefix];
        files = new string[4];
        var notFound = new List<string>();
        string[][] stems = [TrainStems, TrainStems, TestStems, TestStems];
        string[] kinds = ["images-idx3-ubyte", "labels-idx1-ubyte", "images-idx3-ubyte", "labels-idx1-ubyte"];
        for (int f = 0; f < 4; f++)
        {
            var tried = (from prefix in prefixes
                         from stem in stems[f]
                         from ext in new[] { ".gz", "" }
                         select $"{prefix}{stem}-{kinds[f]}{ext}").ToList();
            string? hit = tried.FirstOrDefault(File.Exists);
            if (hit is null) notFound.Add(string.Join(" or ", tried));
            else files[f] = hit;
        }
        missing = string.Join("; ", notFound);
        return notFound.Count == 0;
    }
}
