namespace KernelGen.Models.Data;

/// <summary>How a <see cref="BatchIterator"/> turns gray pixels into the 0/1 values that Bernoulli likelihood
/// models expect.</summary>
public enum Binarization
{
    /// <summary>Pixels are passed through unchanged.</summary>
    None,

    /// <summary>1 where the pixel is above 0.5, else 0: the same every epoch.</summary>
    Fixed,

    /// <summary>1 with probability equal to the pixel, drawn afresh each epoch from the iterator's seed.</summary>
    Dynamic,
}

/// <summary>Fixed and dynamic binarization of pixels in [0, 1].</summary>
public static class Binarizer
{
    /// <summary>The threshold of fixed binarization.</summary>
    public const float Threshold = 0.5f;

    /// <summary>Writes 1 where <paramref name="source"/> is above <paramref name="threshold"/>, else 0.</summary>
    public static void Fixed(ReadOnlySpan<float> source, Span<float> destination, float threshold = Threshold)
    {
        CheckLengths(source, destination);
        for (int i = 0; i < source.Length; i++) destination[i] = source[i] > threshold ? 1f : 0f;
    }

    /// <summary>Writes 1 with probability <c>source[i]</c> (clamped to [0, 1]), else 0. The draws depend only on
    /// (<paramref name="seed"/>, <paramref name="epoch"/>, <paramref name="example"/>), so an example gets the
    /// same sample in an epoch whatever batch it lands in, and a resumed run reproduces it.</summary>
    /// <param name="source">The pixels of one example.</param>
    /// <param name="destination">Where the 0/1 values go; same length.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="example">The example's index in its dataset.</param>
    public static void Dynamic(ReadOnlySpan<float> source, Span<float> destination, ulong seed, int epoch, int example)
    {
        CheckLengths(source, destination);
        var random = new SplitMix64(SplitMix64.Derive(seed ^ 0xB1_0A_12_5EUL, epoch, example));
        for (int i = 0; i < source.Length; i++) destination[i] = random.NextSingle() < source[i] ? 1f : 0f;
    }

    static void CheckLengths(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (destination.Length != source.Length)
            throw new ArgumentException($"The destination has {destination.Length} values but the source {source.Length}.", nameof(destination));
    }
}
