using KernelGen.Models.Data;
using KernelGen.Models.Debiasing;

namespace KernelGen.Tests.Models;

/// <summary>
/// The debiasing VAE's host parts: latent-density weights favour rare latents and flatten as α grows, a subgroup cut
/// keeps the stated share of one class, weighted batches follow their weights, and bad values are named.
/// </summary>
public sealed class DebiasingPartsTests
{
    [Test]
    public void RareLatentsWeighMoreAndAlphaOneBoundsTheirWeight()
    {
        // 1-D latents: 95 near 0, 5 far out at 10.
        var latents = Enumerable.Range(0, 100).Select(i => i < 95 ? 0.01f * i : 10f).ToArray();
        var sharp = LatentDensity.InverseDensityWeights(latents, 100, 1, bins: 10, alpha: 0.001);
        var flat = LatentDensity.InverseDensityWeights(latents, 100, 1, bins: 10, alpha: 1);
        Assert.That(sharp.Sum(), Is.EqualTo(1).Within(1e-12));
        Assert.That(sharp[99] / sharp[0], Is.GreaterThan(15), "a latent in a bin of 5% weighs about 19× one in a bin of 95%");
        Assert.That(flat[99] / flat[0], Is.EqualTo(1.95 / 1.05).Within(1e-9), "α = 1: (0.95 + 1) / (0.05 + 1), never more than 2");
    }

    [Test]
    public void AnExampleRareInAnyDimensionIsRare()
    {
        // 2-D: example 0 is rare in dimension 1 only; its weight is that dimension's.
        var latents = new float[2 * 50];
        for (int i = 0; i < 50; i++) (latents[2 * i], latents[2 * i + 1]) = (i % 10, i == 0 ? 100f : 0f);
        var w = LatentDensity.InverseDensityWeights(latents, 50, 2, bins: 5, alpha: 0.01);
        Assert.That(w[0], Is.EqualTo(w.Max()));
        Assert.That(w[0] / w[1], Is.GreaterThan(20), "1/(0.02 + α) against about 1/(0.2 + α) in its rarest dimension");
        Assert.That(w.Skip(1).Distinct().Count(), Is.EqualTo(1), "the others are alike in both dimensions");
    }

    [Test]
    public void BadHistogramsAreNamed()
    {
        var latents = new float[10];
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => LatentDensity.InverseDensityWeights(latents, 10, 1, 0, 0.1))!.Message,
            Does.Contain("at least 1 bin, not 0"));
        foreach (var alpha in new[] { 0.0, 1.5, double.NaN })
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => LatentDensity.InverseDensityWeights(latents, 10, 1, 4, alpha))!.Message,
                Does.Contain($"α = {alpha}").And.Contain("outside (0, 1]"));
        latents[3] = float.NaN;
        Assert.That(Assert.Throws<ArgumentException>(() => LatentDensity.InverseDensityWeights(latents, 10, 1, 4, 0.1))!.Message, Does.Contain("vector 3 is NaN"));
    }

    private static Dataset Labelled(params int[] labels) => new("toy", labels.Select(l => (float)l / 10).SelectMany(v => new[] { v, v, v, v }).ToArray(), labels, 2, 2, 10);

    [Test]
    public void ASubgroupCutKeepsItsShareOfOneClassAndEveryOtherImage()
    {
        var data = Labelled([9, 1, 9, 9, 2, 9, 9, 9, 9, 9, 9, 3]);
        var cut = SubgroupCut.Of(data, 9, 0.2);
        Assert.That(cut.Labels, Is.EqualTo(new[] { 9, 1, 9, 2, 3 }), "2 of the 9 nines (rounded), in order, and every other image");
        Assert.That(cut.Image(3).ToArray(), Is.EqualTo(data.Image(4).ToArray()));
        Assert.That(SubgroupCut.Of(data, 9, 0.01).Labels.Count(l => l == 9), Is.EqualTo(1), "at least one image");
        foreach (var share in new[] { 0.0, 1.2 })
            Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => SubgroupCut.Of(data, 9, share))!.Message, Does.Contain($"share {share} is outside (0, 1]"));
        Assert.That(Assert.Throws<ArgumentException>(() => SubgroupCut.Of(data, 5, 0.5))!.Message, Does.Contain("no image of class 5"));
    }

    [Test]
    public void WeightedEpochsDrawInProportionAndNeverAZeroWeight()
    {
        var data = Labelled(Enumerable.Range(0, 1000).Select(i => i % 10).ToArray());
        var weights = Enumerable.Range(0, 1000).Select(i => i % 10 == 0 ? 0.0 : i % 10 == 1 ? 9.0 : 1.0).ToArray(); // class 1: 9/17 of the draws
        var it = new BatchIterator(data, 100, 7) { EpochWeights = _ => weights };
        var labels = new int[100];
        var images = new float[100 * 4];
        var counts = new int[10];
        while (it.TryNext(images, labels, out _)) foreach (var l in labels) counts[l]++;
        Assert.That(counts[0], Is.Zero, "a zero weight is never drawn");
        Assert.That(counts[1] / 1000.0, Is.EqualTo(9.0 / 17).Within(0.05));
        var again = new BatchIterator(data, 100, 7) { EpochWeights = _ => weights };
        again.TryNext(images, labels, out _);
        var first = (int[])labels.Clone();
        var other = new BatchIterator(data, 100, 7) { EpochWeights = _ => weights };
        other.TryNext(images, labels, out _);
        Assert.That(labels, Is.EqualTo(first), "seeded: the same draws");
        var bad = new BatchIterator(data, 100, 7) { EpochWeights = _ => new double[1000] };
        Assert.That(Assert.Throws<ArgumentException>(() => bad.TryNext(images, labels, out _))!.Message, Does.Contain("all zero"));
        var negative = new BatchIterator(data, 100, 7) { EpochWeights = _ => weights.Select(w => -w).ToArray() };
        Assert.That(Assert.Throws<ArgumentException>(() => negative.TryNext(images, labels, out _))!.Message, Does.Contain("example 1 is -9"));
    }
}
