using KernelGen.Models;
using KernelGen.Models.Training;
using KernelGen.Models.Vaes;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>The convolutional and conditional VAEs on real digits: they learn, sample, round-trip checkpoints and reject bad input.</summary>
public sealed class VaeVariantTrainingTests
{
    private static readonly ConvVaeOptions SmallConv = new() { Channels = 8, Latent = 8, BatchSize = 32, Seed = 5 };
    private static readonly ConditionalVaeOptions SmallCvae = new() { Hidden = 64, Latent = 8, BatchSize = 32, Seed = 5 };
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-vaes-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static Accelerator Cpu() => TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    private static (double Before, double After, EpochReport Last) Train(GenerativeModel model, int epochs)
    {
        var data = TinyData.Digits(1024, 256);
        double before = model.Evaluate(data.Test)["test_loss"];
        var last = new Trainer(model, data, new TrainerOptions { Epochs = epochs }).Run().Reports[^1];
        TestContext.Progress.WriteLine($"{model.Kind} test loss {before:F1} -> {last.Test["test_loss"]:F1}");
        return (before, last.Test["test_loss"], last);
    }

    [Test]
    public void ConvVaeLossFallsAtLeastTwofoldInThreeEpochs()
    {
        // Before training the per-image loss is about 784·ln 2 ≈ 543 nats; a VAE that learned anything is far below 270.
        using var acc = Cpu();
        using var vae = new ConvVae(SmallConv);
        vae.Build(acc, 28, 28, 10);
        var (before, after, last) = Train(vae, 3);
        Assert.That(after, Is.LessThan(before / 2));
        Assert.That(last.TrainLosses.Values, Is.All.Not.NaN);
        Assert.That(last.TrainLosses["kl"], Is.GreaterThan(0));
    }

    [Test]
    public void ConditionalVaeLossFallsAtLeastTwofoldInThreeEpochs()
    {
        using var acc = Cpu();
        using var cvae = new ConditionalVae(SmallCvae);
        cvae.Build(acc, 28, 28, 10);
        var (before, after, last) = Train(cvae, 3);
        Assert.That(after, Is.LessThan(before / 2));
        Assert.That(last.TrainLosses.Values, Is.All.Not.NaN);
    }

    [Test]
    public void ConvVaeCapabilitiesHaveTheRightShapes()
    {
        using var acc = Cpu();
        using var vae = new ConvVae(SmallConv);
        VaeTrainingTests.AssertCapabilityShapes(acc, vae);
    }

    [Test]
    public void ConditionalVaeReconstructsThroughItsEncoder()
    {
        // After a little training, decoding μ(x, y) with y must be closer to x than decoding the prior's mean (z = 0).
        using var acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        using var cvae = new ConditionalVae(SmallCvae);
        var data = TinyData.Digits(640, 64);
        cvae.Build(acc, data.Train);
        new Trainer(cvae, data, new TrainerOptions { Epochs = 3 }).Run();
        var labels = data.Test.Labels.AsSpan(0, 40);
        var z = cvae.Encode(data.Test.Images, labels);
        Assert.That(z, Has.Length.EqualTo(40 * SmallCvae.Latent).And.All.Not.NaN);
        var images = data.Test.Images.AsSpan(0, 40 * 784).ToArray();
        double encoded = KernelGen.Measurements.AutoencoderRuns.Mse(cvae.Decode(z, labels), images);
        double prior = KernelGen.Measurements.AutoencoderRuns.Mse(cvae.Decode(new float[z.Length], labels), images);
        TestContext.Progress.WriteLine($"cvae test MSE: decoded from μ(x, y) {encoded:F4}, from z = 0 {prior:F4}");
        Assert.That(encoded, Is.LessThan(0.8 * prior));
    }

    [Test]
    public void ConditionalSamplesDependOnTheLabel()
    {
        using var acc = Cpu();
        using var cvae = new ConditionalVae(SmallCvae);
        var data = TinyData.Digits(256, 64);
        cvae.Build(acc, data.Train);
        new Trainer(cvae, data, new TrainerOptions { Epochs = 1 }).Run();
        var threes = cvae.Sample(Enumerable.Repeat(3, 10).ToArray(), 9);
        var sevens = cvae.Sample(Enumerable.Repeat(7, 10).ToArray(), 9);
        Assert.That(threes, Has.Length.EqualTo(10 * 784));
        Assert.That(threes, Is.All.InRange(0f, 1f));
        double diff = threes.Zip(sevens, (a, b) => Math.Abs(a - b)).Average();
        Assert.That(diff, Is.GreaterThan(0.01), "the same noise with another label gives another image");
    }

    [TestCase("conv-vae")]
    [TestCase("cvae")]
    public void CheckpointRoundTripRestoresTheSamples(string name)
    {
        using var acc = Cpu();
        var data = TinyData.Digits(128, 64);
        var path = Path.Combine(_dir, "model.safetensors");
        var options = name == "cvae" ? (ModelOptions)SmallCvae : SmallConv;
        float[] before;
        int[] labels = Enumerable.Range(0, 12).Select(i => i % 10).ToArray();
        float[] Samples(GenerativeModel m) => m is ISampler s ? s.Sample(12, 4) : ((IConditionalSampler)m).Sample(labels, 4);
        using (var model = ModelRegistry.Get(name).Create(options))
        {
            model.Build(acc, data.Train);
            new Trainer(model, data, new TrainerOptions { Epochs = 1 }).Run();
            before = Samples(model);
            model.Save(path);
        }
        using var restored = ModelRegistry.FromCheckpoint(path);
        Assert.That(restored.Kind, Is.EqualTo(name));
        restored.Build(acc, data.Train);
        restored.Load(path);
        Assert.That(Samples(restored), Is.EqualTo(before));
    }

    [Test]
    public void BadInputIsNamed()
    {
        Assert.That(Assert.Throws<OptionRangeException>(() => new ConvVae(new ConvVaeOptions { Latent = 0 }))!.Message, Does.Contain("Latent (--latent) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new ConvVae(new ConvVaeOptions { Channels = 0 }))!.Message, Does.Contain("Channels (--channels) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new ConditionalVae(new ConditionalVaeOptions { Beta = -1 }))!.Message, Does.Contain("Beta (--beta) = -1"));

        using var acc = Cpu();
        using var vae = new ConvVae(SmallConv);
        var ex = Assert.Throws<ArgumentException>(() => vae.Build(acc, 14, 14, 10));
        Assert.That(ex!.Message, Does.Contain("multiples of 4").And.Contain("14×14"));

        using var cvae = new ConditionalVae(SmallCvae);
        cvae.Build(acc, 28, 28, 10);
        ex = Assert.Throws<ArgumentException>(() => cvae.Sample([1, 10, 2], 1));
        Assert.That(ex!.Message, Does.Contain("10"));
    }
}
