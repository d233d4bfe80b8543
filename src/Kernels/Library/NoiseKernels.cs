namespace KernelGen.Kernels;

/// <summary>
/// Random masks and noise from Philox (<see cref="RandomKernels"/>): element i reads word i mod 4 of block
/// <c>counter[0] + offset + i/4</c> (masks, as <see cref="RandomKernels.Uniform"/>) or the pair of words of block
/// <c>… + i/2</c> (Gaussian noise, as <see cref="RandomKernels.Normal"/>), so every backend draws the same noise.
/// </summary>
public static partial class NoiseKernels
{
    private const float TwoPi = 6.283185307179586f;
    private const float Inv24 = 1f / 16777216f;

    /// <summary>
    /// mask[i] = (U &lt; p ? 0 : scale) and y[i] = x[i]·mask[i], with U uniform in [0, 1): dropout with
    /// scale = 1/(1 − p), masking noise with scale = 1. May run in place.
    /// </summary>
    [Kernel]
    public static void MaskScale(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask,
        ArrayView<uint> counter, uint offset, uint seedLo, uint seedHi, float p, float scale)
    {
        uint block = counter[0] + offset + (uint)(i >> 2);
        float u = RandomKernels.ToUnit(RandomKernels.PhiloxWord(block, i & 3, seedLo, seedHi));
        float m = u < p ? 0f : scale;
        mask[i] = m;
        y[i] = x[i] * m;
    }

    /// <summary>dx += dy·mask.</summary>
    [Kernel]
    public static void MaskBackward(Index1D i, ArrayView<float> dy, ArrayView<float> mask, ArrayView<float> dx)
    {
        dx[i] += dy[i] * mask[i];
    }

    /// <summary>y = x and mask = 1: dropout in evaluation mode (so the same backward applies).</summary>
    [Kernel]
    public static void Identity(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask)
    {
        y[i] = x[i];
        mask[i] = 1f;
    }

    /// <summary>y = x + std·Z with Z standard normal, drawn exactly as <see cref="RandomKernels.Normal"/>. May run in place.</summary>
    [Kernel]
    public static void AddNormal(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<uint> counter, uint offset, uint seedLo, uint seedHi, float std)
    {
        uint block = counter[0] + offset + (uint)(i >> 1);
        int first = (i & 1) * 2;
        float u1 = RandomKernels.ToOpenUnit(RandomKernels.PhiloxWord(block, first, seedLo, seedHi));
        float u2 = RandomKernels.ToUnit(RandomKernels.PhiloxWord(block, first + 1, seedLo, seedHi));
        float z = MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(TwoPi * u2);
        y[i] = x[i] + std * z;
    }

    /// <summary>dx += dy.</summary>
    [Kernel]
    public static void Accumulate(Index1D i, ArrayView<float> dy, ArrayView<float> dx)
    {
        dx[i] += dy[i];
    }
}
