using System.Diagnostics;
using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Tests.ModelsTraining;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Ilgpu;

/// <summary>
/// Issue 13's acceptance on the reference backend: a model built through the registry (as <c>kernelgen train</c>
/// builds it) takes its first training step on ILGPU's CPU accelerator (<c>ilgpu:cpu</c>: ILGPU's compilation of every
/// library kernel, grouped ones with real barriers) and on KernelGen's <c>cpu</c> backend from the same seed, and both
/// give the same initial parameters, the same first-step losses, the same gradients (read back as Adam's first
/// moment, which after one step is (1 − β1)·g) and the same parameters after the update, so the forward pass, the
/// backward pass and the optimizer are all compared. Run for the MLP VAE (GEMM, the reparameterization, BCE + KL), the
/// MLP GAN (GEMM, LeakyReLU, both players' losses: a discriminator step then a generator step, two Adam groups) and the
/// convolutional autoencoder (conv, max-pool, transposed conv, cross-entropy). Tiny widths and batches: ilgpu:cpu is
/// about a thousand times slower than native code, and its cost is per kernel launch (every launch runs its 256
/// threads), so a step costs seconds whatever the widths.
/// </summary>
/// <remarks>
/// Tolerances. The two backends run different code for the same sums: KernelGen's CPU GEMM and convolutions block and
/// order their sums differently from the tiled, grouped kernels ILGPU runs, and ILGPU rounds a·b + c twice (no FMA)
/// where the CPU backend may fuse. Each is a float32 rounding (2^-24 ≈ 6e-8) per term, so bitwise equality is not
/// expected; sums of a few hundred terms differ by about 1e-6 relative at most.
/// <list type="bullet">
/// <item>Losses: 1e-4 relative (the bound).</item>
/// <item>Gradients: 1e-3 of the largest gradient magnitude of their parameter, plus 1e-5 of the largest of their
/// parameter group: a bias ahead of a normalization or a weight of a constant input has a gradient that is zero up to
/// the rounding of its terms, which is of the order of the group's gradients times 1e-7 per term, not of its own.
/// A mis-indexed or dropped term is of the order of the gradient itself.</item>
/// <item>Parameters before and after the update: 1e-6 absolute, a thousandth of the learning rate (Adam's first step is
/// lr·g/(|g| + ε) ≈ ±lr for each weight with a gradient), so a wrong update or a wrong gradient sign fails; after the
/// update, plus lr·|u(g′) − u(g)| with u(g) = g/(|g| + ε) of the two backends' gradients g, g′: where |g| is near ε
/// the step turns the rounding noise of g into up to lr of difference (those gradients are compared above).</item>
/// </list>
/// </remarks>
public sealed class IlgpuFirstStepLossTests
{
    /// <summary>Relative bound on each first-step loss (issue 13).</summary>
    private const double LossTolerance = 1e-4;

    /// <summary>Bound on each gradient element, relative to the largest gradient magnitude of its parameter.</summary>
    private const double GradientTolerance = 1e-3;

    /// <summary>Bound on each gradient element, relative to the largest gradient magnitude of its parameter group (cancellation noise).</summary>
    private const double GroupGradientTolerance = 1e-5;

    /// <summary>Absolute bound on each parameter before and after the first update (a thousandth of the learning rate 1e-3).</summary>
    private const double ParameterTolerance = 1e-6;

    private Accelerator _cpu = null!, _ilgpu = null!;

    [OneTimeSetUp]
    public void Open()
    {
        _ilgpu = TestDevices.Open("ilgpu:cpu");
        _cpu = TestDevices.Open("cpu");
    }

    [OneTimeTearDown]
    public void Close()
    {
        _ilgpu?.Dispose();
        _cpu?.Dispose();
    }

    [Test]
    public void VaeFirstStepMatchesTheCpuBackend() =>
        AssertSameFirstStep("vae", new() { ["batch-size"] = "8", ["hidden"] = "16", ["latent"] = "4" });

    [Test]
    public void GanFirstStepMatchesTheCpuBackend() =>
        AssertSameFirstStep("gan", new() { ["batch-size"] = "8", ["hidden"] = "16", ["latent"] = "4" });

    [Test]
    public void ConvAutoencoderFirstStepMatchesTheCpuBackend() =>
        AssertSameFirstStep("conv-ae", new() { ["batch-size"] = "4", ["channels"] = "2", ["latent"] = "4" });

    /// <summary>What one training step left behind: its losses, and per parameter its values before and after and its gradient.</summary>
    private sealed record FirstStep(
        IReadOnlyDictionary<string, float> Losses,
        Dictionary<string, float[]> Before,
        Dictionary<string, float[]> After,
        Dictionary<string, float[]> Gradient,
        Dictionary<string, double> GroupScale,
        float LearningRate,
        float Eps,
        TimeSpan Elapsed);

    /// <summary>Adam's first step divided by the learning rate: m̂/(√v̂ + ε) = g/(|g| + ε).</summary>
    private static double AdamDirection(double g, double eps) => g / (Math.Abs(g) + eps);

    private void AssertSameFirstStep(string name, Dictionary<string, string> options)
    {
        var reference = Step(_cpu, name, options);
        var ilgpu = Step(_ilgpu, name, options);
        TestContext.Progress.WriteLine($"{name}: cpu {reference.Elapsed.TotalSeconds:F2} s, ilgpu:cpu {ilgpu.Elapsed.TotalSeconds:F2} s; " +
            string.Join(", ", reference.Losses.Select(l => $"{l.Key} {l.Value:R} / {ilgpu.Losses[l.Key]:R}")));

        // Not trivially true: finite, non-zero losses, gradients on every parameter group and an update that moved the weights.
        foreach (var (loss, value) in reference.Losses)
            Assert.That(float.IsFinite(value) && value != 0, $"{name}: the CPU's first-step {loss} is {value}");
        Assert.That(reference.Gradient.Values.Count(g => g.Any(v => v != 0)), Is.GreaterThan(reference.Gradient.Count / 2), $"{name}: most parameters have a gradient");
        Assert.That(reference.Before.Keys.Count(k => !reference.Before[k].SequenceEqual(reference.After[k])), Is.GreaterThan(reference.Before.Count / 2), $"{name}: the update moved most parameters");

        foreach (var (loss, expected) in reference.Losses)
            Assert.That(ilgpu.Losses[loss], Is.EqualTo(expected).Within(LossTolerance * Math.Abs(expected)), $"{name}: first-step {loss} on ilgpu:cpu vs cpu");
        foreach (var (parameter, expected) in reference.Before)
            AssertClose(ilgpu.Before[parameter], expected, [.. expected.Select(_ => ParameterTolerance)], $"{name}: initial {parameter}");
        foreach (var (parameter, expected) in reference.Gradient)
        {
            double tolerance = GradientTolerance * expected.Max(MathF.Abs) + GroupGradientTolerance * reference.GroupScale[parameter];
            AssertClose(ilgpu.Gradient[parameter], expected, [.. expected.Select(_ => tolerance)], $"{name}: gradient of {parameter}");
        }
        foreach (var (parameter, expected) in reference.After)
        {
            var tolerance = new double[expected.Length];
            for (int i = 0; i < tolerance.Length; i++)
                tolerance[i] = ParameterTolerance + (reference.Gradient.TryGetValue(parameter, out var g)
                    ? reference.LearningRate * Math.Abs(AdamDirection(ilgpu.Gradient[parameter][i], reference.Eps) - AdamDirection(g[i], reference.Eps)) : 0);
            AssertClose(ilgpu.After[parameter], expected, tolerance, $"{name}: {parameter} after the first update");
        }
    }

    /// <summary>Builds the model as the CLI does (registry options), takes one training step on the first batch of the embedded digits.</summary>
    private static FirstStep Step(Accelerator accelerator, string name, Dictionary<string, string> options)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan built;
        var entry = ModelRegistry.Get(name);
        using var model = entry.Create(ModelRegistry.ParseOptions(entry, options));
        int batch = model.Options.BatchSize;
        var data = TinyData.Digits(batch, 1).Train;
        model.Build(accelerator, data);
        var store = model.Store;
        built = clock.Elapsed;
        var before = store.Specs.ToDictionary(s => s.Name, s => store.Read(s.Name));

        var images = data.Images.AsSpan(0, batch * data.PixelsPerImage).ToArray();
        if (model.Binarization != Binarization.None) images = images.Select(v => v > 0.5f ? 1f : 0f).ToArray();
        model.TrainStep(images, data.Labels.AsSpan(0, batch));
        var losses = model.ReadLosses();

        var after = store.Specs.ToDictionary(s => s.Name, s => store.Read(s.Name));
        var gradient = new Dictionary<string, float[]>();
        var groupScale = new Dictionary<string, double>();
        var (rate, eps) = (float.NaN, float.NaN);
        // Groups without an optimizer (BatchNorm's running statistics) are updated by the forward pass, not by a gradient:
        // their values after the step are compared with the parameters'.
        foreach (var group in store.Groups.Where(g => g.Length > 0 && g.Optimizer is not null))
        {
            Assert.That(group.Optimizer, Is.InstanceOf<KernelGen.Graph.Adam>(), $"{name}: group {group.Name} trains with Adam");
            Assert.That(group.Steps, Is.EqualTo(1), $"{name}: group {group.Name} took one step");
            var firstMoment = group.State[0].ToArray(); // exp_avg = (1 − β1)·g after one step
            var adam = (KernelGen.Graph.Adam)group.Optimizer!;
            float scale = 1f / (1f - adam.Beta1);
            Assert.That((adam.WeightDecay, adam.Schedule), Is.EqualTo((0f, (KernelGen.Graph.ILearningRateSchedule?)null)), $"{name}: group {group.Name} steps at its rate, without weight decay");
            if (!float.IsNaN(rate)) Assert.That((adam.LearningRate, adam.Eps), Is.EqualTo((rate, eps)), $"{name}: one learning rate and ε");
            (rate, eps) = (adam.LearningRate, adam.Eps);
            foreach (var spec in store.Specs.Where(s => s.Group == group.Name))
            {
                gradient[spec.Name] = firstMoment.AsSpan(store.Offset(spec.Name) - group.Offset, spec.Shape.Numel).ToArray().Select(v => v * scale).ToArray();
                groupScale[spec.Name] = firstMoment.AsSpan(0, group.Length).ToArray().Max(MathF.Abs) * scale;
            }
        }
        Assert.That(gradient, Is.Not.Empty, $"{name}: parameters with an optimizer");
        TestContext.Progress.WriteLine($"  {name} on {accelerator.Device.Name}: built in {built.TotalSeconds:F2} s, first step {(clock.Elapsed - built).TotalSeconds:F2} s");
        return new FirstStep(losses, before, after, gradient, groupScale, rate, eps, clock.Elapsed);
    }

    /// <summary>Every element of <paramref name="actual"/> is within its tolerance of <paramref name="expected"/>; a failure names the worst.</summary>
    private static void AssertClose(float[] actual, float[] expected, double[] tolerance, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        int worst = 0; // the element furthest beyond (or least within) its tolerance
        for (int i = 1; i < expected.Length; i++)
            if (Math.Abs(actual[i] - expected[i]) - tolerance[i] > Math.Abs(actual[worst] - expected[worst]) - tolerance[worst]) worst = i;
        Assert.That(actual[worst], Is.EqualTo(expected[worst]).Within(tolerance[worst]), $"{what}[{worst}] on ilgpu:cpu vs cpu (of {expected.Length})");
    }
}
