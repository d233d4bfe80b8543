using System.Runtime.CompilerServices;

namespace KernelGen.Models.Data;

/// <summary>
/// The one binarization that likelihood models are evaluated on: each gray pixel becomes 1 with probability equal to
/// its value, drawn once with a fixed seed (<see cref="Seed"/>, independent of any model's seed), so every model and
/// every run scores the same binary test images — the same distribution as dynamic binarization in training. Images
/// that are already binary are used as they are.
/// </summary>
public static class FixedTestBinarization
{
    /// <summary>The seed of the single draw.</summary>
    public const ulong Seed = 0x7E57_B1;

    private static readonly ConditionalWeakTable<Dataset, float[]> Cache = new();

    /// <summary>The binary pixels of <paramref name="data"/> (computed once per dataset object).</summary>
    public static float[] Of(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Cache.GetValue(data, Draw);
    }

    private static float[] Draw(Dataset data)
    {
        if (data.Images.All(v => v == 0f || v == 1f)) return data.Images;
        var binary = new float[data.Images.Length];
        int pixels = data.PixelsPerImage;
        for (int i = 0; i < data.Count; i++)
            Binarizer.Dynamic(data.Image(i), binary.AsSpan(i * pixels, pixels), Seed, epoch: 0, example: i);
        return binary;
    }
}
