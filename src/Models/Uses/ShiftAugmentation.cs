using KernelGen.Models.Data;

namespace KernelGen.Models.Uses;

/// <summary>Random integer translations of images (zero fill), drawn from a seeded SplitMix64 stream.</summary>
internal sealed class ShiftAugmentation(int maxShift, ulong seed)
{
    private SplitMix64 _random = new(SplitMix64.Derive(seed, 0x5417));

    /// <summary>Copies each of the <paramref name="count"/> images of <paramref name="source"/> to <paramref name="target"/>, shifted by up to ±maxShift pixels on each axis.</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> target, int count, int rows, int cols)
    {
        int pixels = rows * cols;
        for (int i = 0; i < count; i++)
        {
            int dy = maxShift == 0 ? 0 : _random.NextInt(2 * maxShift + 1) - maxShift;
            int dx = maxShift == 0 ? 0 : _random.NextInt(2 * maxShift + 1) - maxShift;
            var from = source.Slice(i * pixels, pixels);
            var to = target.Slice(i * pixels, pixels);
            to.Clear();
            for (int r = Math.Max(0, dy); r < Math.Min(rows, rows + dy); r++)
                for (int c = Math.Max(0, dx); c < Math.Min(cols, cols + dx); c++)
                    to[r * cols + c] = from[(r - dy) * cols + c - dx];
        }
    }
}
