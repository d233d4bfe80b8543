namespace KernelGen.Kernels;

/// <summary>
/// Counter-based random numbers: Philox4x32-10 (Salmon et al., SC'11; the generator of Random123, cuRAND and
/// PyTorch's CUDA RNG). Element i of a request reads the 4-word block <c>counter[0] + offset + i/4</c> (uniform)
/// or <c>… + i/2</c> (normal) under the key (seedLo, seedHi), so every backend produces the same stream for a
/// given seed and offset, and a captured training step can advance <c>counter[0]</c> on the device.
/// </summary>
public static partial class RandomKernels
{
    private const uint M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
    private const float TwoPi = 6.283185307179586f;
    private const float Inv24 = 1f / 16777216f;

    /// <summary>Ten Philox rounds on the counter (c0..c3) with key (k0, k1), in place.</summary>
    [KernelFunction]
    public static void Philox(ref uint c0, ref uint c1, ref uint c2, ref uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            uint hi0 = KernelMath.MulHi(M0, c0);
            uint lo0 = M0 * c0;
            uint hi1 = KernelMath.MulHi(M1, c2);
            uint lo1 = M1 * c2;
            uint n0 = hi1 ^ c1 ^ k0;
            uint n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
    }

    /// <summary>Word <paramref name="word"/> (0..3) of Philox block <paramref name="block"/>.</summary>
    [KernelFunction]
    public static uint PhiloxWord(uint block, int word, uint seedLo, uint seedHi)
    {
        uint c0 = block;
        uint c1 = 0u;
        uint c2 = 0u;
        uint c3 = 0u;
        Philox(ref c0, ref c1, ref c2, ref c3, seedLo, seedHi);
        return word == 0 ? c0 : word == 1 ? c1 : word == 2 ? c2 : c3;
    }

    /// <summary>A uniform float in [0, 1) from the top 24 bits of a word.</summary>
    [KernelFunction]
    public static float ToUnit(uint word) => (int)(word >> 8) * Inv24;

    /// <summary>A uniform float in (0, 1] from the top 24 bits of a word, so that its logarithm is finite.</summary>
    [KernelFunction]
    public static float ToOpenUnit(uint word) => ((int)(word >> 8) + 1) * Inv24;

    /// <summary>y[i] = lo + (hi − lo)·U with U uniform in [0, 1).</summary>
    [Kernel]
    public static void Uniform(Index1D i, ArrayView<float> y, ArrayView<uint> counter, uint offset, uint seedLo, uint seedHi, float lo, float hi)
    {
        uint block = counter[0] + offset + (uint)(i >> 2);
        // An explicit FMA: GPU compilers contract a + b·c by default and C# does not; fused everywhere is bit-identical.
        y[i] = KernelMath.Fma(hi - lo, ToUnit(PhiloxWord(block, i & 3, seedLo, seedHi)), lo);
    }

    /// <summary>y[i] = mean + std·Z with Z standard normal (Box–Muller on two words of one block).</summary>
    [Kernel(CpuCounterpart = "NormalCpu")]
    public static void Normal(Index1D i, ArrayView<float> y, ArrayView<uint> counter, uint offset, uint seedLo, uint seedHi, float mean, float std)
    {
        y[i] = mean + std * StandardNormal(counter[0] + offset + (uint)(i >> 1), i, seedLo, seedHi);
    }

    /// <summary>
    /// z = μ + e^(logvar/2)·ε with ε drawn as <see cref="Normal"/> draws a standard normal, and kept in
    /// <paramref name="eps"/> for the backward: the VAE's sampling in one launch instead of two.
    /// </summary>
    [Kernel(CpuCounterpart = "ReparameterizeDrawnCpu")]
    public static void ReparameterizeDrawn(Index1D i, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> eps, ArrayView<float> z,
        ArrayView<uint> counter, uint offset, uint seedLo, uint seedHi)
    {
        float e = StandardNormal(counter[0] + offset + (uint)(i >> 1), i, seedLo, seedHi);
        eps[i] = e;
        z[i] = mu[i] + MathF.Exp(0.5f * logvar[i]) * e;
    }

    /// <summary>The standard normal of element <paramref name="i"/>: Box–Muller on words 2·(i mod 2) and 2·(i mod 2) + 1 of the block.</summary>
    [KernelFunction]
    public static float StandardNormal(uint block, int i, uint seedLo, uint seedHi)
    {
        int first = (i & 1) * 2;
        float u1 = ToOpenUnit(PhiloxWord(block, first, seedLo, seedHi));
        float u2 = ToUnit(PhiloxWord(block, first + 1, seedLo, seedHi));
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(TwoPi * u2);
    }

    /// <summary>counter[0] += blocks: advances the stream on the device (one launch per captured step).</summary>
    [Kernel]
    public static void Advance(Index1D i, ArrayView<uint> counter, uint blocks)
    {
        counter[0] += blocks;
    }
}
