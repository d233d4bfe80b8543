namespace KernelGen.Models.Debiasing;

/// <summary>
/// How common each example's latent vector is, from one histogram per latent dimension, as the course's lab computes
/// it: in each dimension an example's weight is the inverse of its bin's share of the examples smoothed by α
/// (share + α, renormalized over the bins; with α = 1 no weight is more than twice another), normalized over the
/// examples; its weight is the largest over the dimensions (rare in any one of them is rare), normalized to sum to 1.
/// The paper's form (Amini et al., 2019), the inverse of the product of the dimensions' smoothed shares, put nearly all
/// the weight on a few images of 16-dimensional latents here (docs/models.md).
/// </summary>
public static class LatentDensity
{
    /// <summary>The weights (summing to 1) of <paramref name="count"/> latent vectors of <paramref name="dims"/> dimensions.</summary>
    public static double[] InverseDensityWeights(ReadOnlySpan<float> latents, int count, int dims, int bins, double alpha)
    {
        Check(latents, count, dims, bins, alpha);
        var weights = new double[count];
        var share = new double[bins];
        var bin = new int[count];
        for (int d = 0; d < dims; d++)
        {
            Histogram(latents, count, dims, d, bins, share, bin);
            double sum = 0;
            for (int i = 0; i < count; i++) sum += 1 / (share[bin[i]] + alpha);
            for (int i = 0; i < count; i++) weights[i] = Math.Max(weights[i], 1 / (share[bin[i]] + alpha) / sum);
        }
        double total = weights.Sum();
        for (int i = 0; i < count; i++) weights[i] /= total;
        return weights;
    }

    private static void Histogram(ReadOnlySpan<float> latents, int count, int dims, int d, int bins, double[] share, int[] bin)
    {
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        for (int i = 0; i < count; i++)
        {
            float v = latents[i * dims + d];
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        Array.Clear(share);
        double width = (hi - lo) / (double)bins;
        for (int i = 0; i < count; i++)
        {
            int b = width > 0 ? (int)((latents[i * dims + d] - lo) / width) : 0;
            bin[i] = Math.Clamp(b, 0, bins - 1);
            share[bin[i]] += 1.0 / count;
        }
    }

    private static void Check(ReadOnlySpan<float> latents, int count, int dims, int bins, double alpha)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), $"A latent-density histogram needs at least 1 bin, not {bins}.");
        if (!(alpha > 0 && alpha <= 1)) throw new ArgumentOutOfRangeException(nameof(alpha), $"The density smoothing α = {alpha} is outside (0, 1].");
        if (count < 1 || dims < 1) throw new ArgumentException($"Latent densities need at least one vector of at least one dimension, not {count} of {dims}.");
        if (latents.Length < (long)count * dims) throw new ArgumentException($"{count} latent vectors of {dims} dimensions need {(long)count * dims} values, got {latents.Length}.");
        for (int i = 0; i < count * dims; i++)
            if (!float.IsFinite(latents[i])) throw new ArgumentException($"Latent value {i % dims} of vector {i / dims} is {latents[i]}; latent densities need finite values.");
    }
}
