namespace KernelGen.Models.Data;

/// <summary>
/// A dataset with one class made rare: only the first <c>share</c> of that class's images kept, in their order, every
/// other image kept (a demonstration of bias: e.g. ankle boots cut to 5% of their share of Fashion-MNIST's footwear).
/// </summary>
public static class SubgroupCut
{
    /// <summary>The images of <paramref name="data"/> with class <paramref name="rareClass"/> cut to <paramref name="share"/> of its count (at least one image).</summary>
    public static Dataset Of(Dataset data, int rareClass, double share)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(share > 0 && share <= 1)) throw new ArgumentOutOfRangeException(nameof(share), $"The subgroup's share {share} is outside (0, 1].");
        if ((uint)rareClass >= (uint)data.Classes) throw new ArgumentOutOfRangeException(nameof(rareClass), $"Class {rareClass} is not a class of '{data.Name}' (0 to {data.Classes - 1}).");
        int total = data.Labels.Count(l => l == rareClass);
        if (total == 0) throw new ArgumentException($"'{data.Name}' has no image of class {rareClass} to cut.", nameof(rareClass));
        int keep = Math.Max(1, (int)Math.Round(share * total));
        var kept = new List<int>(data.Count);
        int seen = 0;
        for (int i = 0; i < data.Count; i++)
            if (data.Labels[i] != rareClass || seen++ < keep) kept.Add(i);
        int pixels = data.PixelsPerImage;
        var images = new float[kept.Count * pixels];
        for (int k = 0; k < kept.Count; k++) data.Image(kept[k]).CopyTo(images.AsSpan(k * pixels, pixels));
        return new Dataset($"{data.Name} (class {rareClass} cut to {keep} of {total})", images, kept.Select(i => data.Labels[i]).ToArray(),
            data.Rows, data.Cols, data.Classes);
    }
}
