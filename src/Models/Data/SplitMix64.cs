namespace KernelGen.Models.Data;

/// <summary>A small seeded generator (SplitMix64, Steele et al. 2014) whose output is fixed by this code
/// alone, unlike <see cref="Random"/>, so shuffles and binarizations repeat across .NET versions.</summary>
internal struct SplitMix64(ulong seed)
{
    ulong _state = seed;

    /// <summary>The SplitMix64 finalizer: a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A seed derived from several values, different for each combination.</summary>
    public static ulong Derive(ulong seed, long a, long b = 0) =>
        Mix(Mix(Mix(seed) ^ (ulong)a) + 0x9E3779B97F4A7C15UL ^ (ulong)b);

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [0, bound), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        ulong b = (ulong)bound;
        ulong threshold = (0UL - b) % b;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * b;
            if ((ulong)product >= threshold) return (int)(ulong)(product >> 64);
        }
    }
}
