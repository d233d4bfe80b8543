namespace KernelGen.Kernels;

/// <summary>
/// Host-side noise ops: dropout, masking noise (denoising autoencoders) and additive Gaussian noise. Random numbers
/// come from a <see cref="PhiloxStream"/> (created on the stream's accelerator), whose offset each call advances, so
/// a seed gives the same masks on every backend. The forward ops may run in place (x and y the same view).
/// </summary>
public static class Noise
{
    /// <summary>
    /// Dropout. Training: each element is zeroed with probability <paramref name="p"/> and the rest scaled by
    /// 1/(1 − p); <paramref name="mask"/> receives 0 or 1/(1 − p) for <see cref="MaskBackward"/>. Evaluation: y = x and
    /// mask = 1 (no random numbers drawn). p must lie in [0, 1).
    /// </summary>
    public static void Dropout(AcceleratorStream stream, PhiloxStream rng, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask,
        float p, bool training)
    {
        CheckMask("Dropout", x, y, mask, p, nameof(p));
        if (!training)
        {
            stream.Launch(NoiseKernels.IdentityKernel, x.Length, x, y, mask);
            return;
        }
        Draw(stream, rng, x, y, mask, p, 1f / (1f - p));
    }

    /// <summary>
    /// Masking noise: each element is zeroed with probability <paramref name="fraction"/>, the rest kept unscaled;
    /// <paramref name="mask"/> receives 0 or 1. fraction must lie in [0, 1).
    /// </summary>
    public static void MaskingNoise(AcceleratorStream stream, PhiloxStream rng, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask,
        float fraction)
    {
        CheckMask("MaskingNoise", x, y, mask, fraction, nameof(fraction));
        Draw(stream, rng, x, y, mask, fraction, 1f);
    }

    /// <summary>Backward of <see cref="Dropout"/> and <see cref="MaskingNoise"/>: dx += dy·mask.</summary>
    public static void MaskBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> mask, ArrayView<float> dx)
    {
        OpChecks.SameLength("MaskBackward", "dy", dy, "mask", mask);
        OpChecks.SameLength("MaskBackward", "dy", dy, "dx", dx);
        stream.Launch(NoiseKernels.MaskBackwardKernel, dy.Length, dy, mask, dx);
    }

    /// <summary>Gaussian noise: y = x + std·N(0, 1), std ≥ 0.</summary>
    public static void GaussianNoise(AcceleratorStream stream, PhiloxStream rng, ArrayView<float> x, ArrayView<float> y, float std)
    {
        OpChecks.SameLength("GaussianNoise", "x", x, "y", y);
        if (!(std >= 0f) || float.IsInfinity(std))
            throw new ArgumentException($"GaussianNoise: std is {std}; it must be finite and not negative.", nameof(std));
        stream.Launch(NoiseKernels.AddNormalKernel, x.Length, x, y, rng.Counter, rng.Take(x.Length, 2), (uint)rng.Seed, (uint)(rng.Seed >> 32), std);
    }

    /// <summary>Backward of <see cref="GaussianNoise"/>: dx += dy.</summary>
    public static void GaussianNoiseBackward(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> dx)
    {
        OpChecks.SameLength("GaussianNoiseBackward", "dy", dy, "dx", dx);
        stream.Launch(NoiseKernels.AccumulateKernel, dy.Length, dy, dx);
    }

    private static void Draw(AcceleratorStream stream, PhiloxStream rng, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask, float p, float scale)
    {
        stream.Launch(NoiseKernels.MaskScaleKernel, x.Length, x, y, mask, rng.Counter, rng.Take(x.Length, 4), (uint)rng.Seed, (uint)(rng.Seed >> 32), p, scale);
    }

    private static void CheckMask(string op, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask, float p, string pName)
    {
        OpChecks.SameLength(op, "x", x, "y", y);
        OpChecks.SameLength(op, "x", x, "mask", mask);
        if (!(p >= 0f && p < 1f))
            throw new ArgumentException($"{op}: {pName} is {p}; it must lie in [0, 1).", pName);
    }
}
