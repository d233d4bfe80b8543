namespace KernelGen.Models.Gans;

/// <summary>How a judge spread generated samples over the classes: the rarest and the most frequent class and their shares.</summary>
/// <param name="Smallest">The class with the fewest samples (the lowest index among ties).</param>
/// <param name="SmallestShare">Its fraction of the samples.</param>
/// <param name="Largest">The class with the most samples (the lowest index among ties).</param>
/// <param name="LargestShare">Its fraction of the samples.</param>
public sealed record ClassCoverage(int Smallest, double SmallestShare, int Largest, double LargestShare)
{
    /// <summary>The names of the four values in a metrics row.</summary>
    public const string SmallestName = "smallest_class", SmallestShareName = "smallest_class_share", LargestName = "largest_class", LargestShareName = "largest_class_share";

    /// <summary>The coverage of <paramref name="predicted"/> classes (a prediction outside 0..classes−1 counts for none).</summary>
    public static ClassCoverage Of(IReadOnlyList<int> predicted, int classes)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), $"Class coverage needs at least 2 classes, not {classes}.");
        if (predicted.Count == 0) throw new ArgumentException("Class coverage needs at least one judged sample.", nameof(predicted));
        var counts = new int[classes];
        foreach (var p in predicted) if ((uint)p < (uint)classes) counts[p]++;
        int least = 0, most = 0;
        for (int c = 1; c < classes; c++)
        {
            if (counts[c] < counts[least]) least = c;
            if (counts[c] > counts[most]) most = c;
        }
        return new ClassCoverage(least, (double)counts[least] / predicted.Count, most, (double)counts[most] / predicted.Count);
    }

    /// <summary>The four values as metrics (<see cref="SmallestName"/> …).</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        [SmallestName] = Smallest, [SmallestShareName] = SmallestShare, [LargestName] = Largest, [LargestShareName] = LargestShare,
    };

    /// <summary>The coverage recorded in a metrics row, or null when the row has none.</summary>
    public static ClassCoverage? FromMetrics(IReadOnlyDictionary<string, double> metrics) =>
        metrics.TryGetValue(SmallestName, out var s) && metrics.TryGetValue(SmallestShareName, out var ss)
        && metrics.TryGetValue(LargestName, out var l) && metrics.TryGetValue(LargestShareName, out var ls)
            ? new ClassCoverage((int)s, ss, (int)l, ls) : null;
}
