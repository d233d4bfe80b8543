using KernelGen.Models.Data;

namespace KernelGen.Models;

/// <summary>
/// Noise drawn on the host for sampling (fixed noise for sample grids, latent walks): SplitMix64 plus Box–Muller in
/// double, so a seed gives the same vectors on every machine and .NET version.
/// </summary>
public static class HostNoise
{
    /// <summary><paramref name="count"/> standard normal numbers from <paramref name="seed"/>.</summary>
    public static float[] Normal(int count, ulong seed)
    {
        var rng = new SplitMix64(SplitMix64.Derive(seed, 0x6E6F697365));
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = ((rng.NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53)); // (0, 1]
            double u2 = (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53));
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }

    /// <summary>
    /// A copy of <paramref name="values"/> with each element set to 0 with probability <paramref name="fraction"/>
    /// (masking noise drawn from <paramref name="seed"/>: the same corrupted test set for every model compared).
    /// </summary>
    public static float[] Mask(ReadOnlySpan<float> values, float fraction, ulong seed)
    {
        if (!(fraction >= 0 && fraction < 1)) throw new ArgumentException($"Masking fraction {fraction} must lie in [0, 1).", nameof(fraction));
        var rng = new SplitMix64(SplitMix64.Derive(seed, 0x6D61736B));
        var result = values.ToArray();
        for (int i = 0; i < result.Length; i++)
            if ((rng.NextUInt64() >> 11) * (1.0 / (1UL << 53)) < fraction) result[i] = 0;
        return result;
    }
}
