using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Uses;

namespace KernelGen.Tests.Models;

/// <summary>The latent-space helpers on known vectors: straight and spherical paths, planes, and a Gaussian fitted to latents.</summary>
public sealed class LatentSpaceTests
{
    private static double Norm(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (var x in v) s += (double)x * x;
        return Math.Sqrt(s);
    }

    [Test]
    public void StraightPathsAreEvenlySpacedFromEndToEnd()
    {
        var path = LatentSpace.Path([0f, 2f], [4f, -2f], 5);
        Assert.That(path, Is.EqualTo(new[] { 0f, 2f, 1f, 1f, 2f, 0f, 3f, -1f, 4f, -2f }).Within(1e-6f));
    }

    [Test]
    public void SphericalPathsKeepTheDirectionOnTheGreatCircleAndInterpolateTheNorm()
    {
        // From (1, 0) to (0, 3): the angle moves by 90°/4 a step while the norm goes 1 → 3 linearly.
        var path = LatentSpace.Path([1f, 0f], [0f, 3f], 5, spherical: true);
        for (int s = 0; s < 5; s++)
        {
            double t = s / 4.0, angle = t * Math.PI / 2, norm = 1 + 2 * t;
            Assert.That(path[2 * s], Is.EqualTo(norm * Math.Cos(angle)).Within(1e-5), $"step {s} x");
            Assert.That(path[2 * s + 1], Is.EqualTo(norm * Math.Sin(angle)).Within(1e-5), $"step {s} y");
        }
        // Opposite ends have no unique great circle: the path falls back to the straight line.
        Assert.That(LatentSpace.Path([1f, 0f], [-1f, 0f], 3, spherical: true), Is.EqualTo(new[] { 1f, 0f, 0f, 0f, -1f, 0f }).Within(1e-6f));
    }

    [Test]
    public void SlerpBetweenNoiseDrawsKeepsTheirTypicalNorm()
    {
        // The midpoint of a straight line between two draws of N(0, I) in 100-D has about 0.71 of their norm; slerp keeps it.
        var z = HostNoise.Normal(200, 5);
        var straight = LatentSpace.Path(z.AsSpan(0, 100), z.AsSpan(100), 3);
        var sphere = LatentSpace.Path(z.AsSpan(0, 100), z.AsSpan(100), 3, spherical: true);
        double ends = (Norm(z.AsSpan(0, 100)) + Norm(z.AsSpan(100))) / 2;
        Assert.That(Norm(straight.AsSpan(100, 100)) / ends, Is.InRange(0.6, 0.8));
        Assert.That(Norm(sphere.AsSpan(100, 100)) / ends, Is.EqualTo(1).Within(1e-5));
    }

    [Test]
    public void PlanesPassThroughTheirThreePointsAtTheCorners()
    {
        var grid = LatentSpace.Plane([0f, 0f, 1f], [2f, 0f, 1f], [0f, 4f, 1f], 3);
        Assert.That(grid.AsSpan(0, 3).ToArray(), Is.EqualTo(new[] { 0f, 0f, 1f }), "top left is z0");
        Assert.That(grid.AsSpan(2 * 3, 3).ToArray(), Is.EqualTo(new[] { 2f, 0f, 1f }), "top right is z1");
        Assert.That(grid.AsSpan(6 * 3, 3).ToArray(), Is.EqualTo(new[] { 0f, 4f, 1f }), "bottom left is z2");
        Assert.That(grid.AsSpan(4 * 3, 3).ToArray(), Is.EqualTo(new[] { 1f, 2f, 1f }), "the centre");
        Assert.Throws<ArgumentException>(() => LatentSpace.Plane([0f], [1f], [2f], 1));
    }

    /// <summary>An identity "autoencoder" on two pixels, so the latents are the images themselves.</summary>
    private sealed class Identity : ILatentModel
    {
        public int LatentSize => 2;
        public float[] Encode(ReadOnlySpan<float> images, int count) => images[..(2 * count)].ToArray();
        public float[] Decode(ReadOnlySpan<float> latents, int count) => latents[..(2 * count)].ToArray();
    }

    [Test]
    public void SamplesOfAFittedGaussianHaveTheLatentsMeanAndCovariance()
    {
        // Latents (x, y) with mean (3, −1), var x = 4, y = 2x + small noise: the fitted Gaussian must keep the correlation.
        var noise = HostNoise.Normal(2 * 4000, 9);
        var images = new float[2 * 4000];
        for (int i = 0; i < 4000; i++)
        {
            float x = 2 * noise[2 * i];
            (images[2 * i], images[2 * i + 1]) = (3 + x, -1 + 2 * x + 0.1f * noise[2 * i + 1]);
        }
        var data = new Dataset("pairs", images, new int[4000], 1, 2, 1);
        var samples = LatentSpace.SampleFittedGaussian(new Identity(), data, 20000, seed: 3, fitCount: 4000);
        double mx = 0, my = 0;
        for (int i = 0; i < 20000; i++) (mx, my) = (mx + samples[2 * i] / 20000.0, my + samples[2 * i + 1] / 20000.0);
        double vx = 0, cxy = 0;
        for (int i = 0; i < 20000; i++)
        {
            vx += (samples[2 * i] - mx) * (samples[2 * i] - mx) / 20000.0;
            cxy += (samples[2 * i] - mx) * (samples[2 * i + 1] - my) / 20000.0;
        }
        Assert.That(mx, Is.EqualTo(3).Within(0.1));
        Assert.That(my, Is.EqualTo(-1).Within(0.2));
        Assert.That(vx, Is.EqualTo(4).Within(0.3));
        Assert.That(cxy / vx, Is.EqualTo(2).Within(0.05), "the slope of y on x: a full covariance, not a diagonal one");
    }
}
