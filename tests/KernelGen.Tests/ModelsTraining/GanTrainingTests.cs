using KernelGen.Models;
using KernelGen.Models.Gans;
using KernelGen.Models.Training;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>
/// The GAN family on real digits: the players alternate on the k-step schedule, each step leaves the other player's
/// parameters untouched, samples are images in [0, 1], conditional samples follow the label, checkpoints round-trip,
/// and bad hyper-parameters, image sizes and labels are named.
/// </summary>
public sealed class GanTrainingTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-gans-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static Accelerator Cpu() => TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    public static IEnumerable<string> Names => ["gan", "dcgan", "cgan", "wgan"];

    private static GanModel Small(string name, int? k = null) => name switch
    {
        "gan" => new Gan(new GanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, DiscriminatorSteps = k ?? 1 }),
        "dcgan" => new DcGan(new DcGanOptions { Features = 8, Latent = 16, BatchSize = 32, Seed = 3, DiscriminatorSteps = k ?? 1 }),
        "cgan" => new ConditionalGan(new ConditionalGanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, DiscriminatorSteps = k ?? 1 }),
        "wgan" => new WGan(new WGanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, DiscriminatorSteps = k ?? 5 }),
        _ => throw new ArgumentException(name),
    };

    private static float[] Samples(GenerativeModel model, int count, ulong seed, int label = -1) => model is ISampler s
        ? s.Sample(count, seed)
        : ((IConditionalSampler)model).Sample(Enumerable.Range(0, count).Select(i => label >= 0 ? label : i % 10).ToArray(), seed);

    private static float[] Group(GenerativeModel model, string group) =>
        model.Store.Specs.Where(s => s.Group == group).SelectMany(s => model.Store.Read(s.Name)).ToArray();

    [TestCaseSource(nameof(Names))]
    public void TrainsWithFiniteLossesAndSamplesImagesInZeroOne(string name)
    {
        using var acc = Cpu();
        using var model = Small(name);
        var data = TinyData.Digits(320, 100);
        model.Build(acc, data.Train);
        var run = new Trainer(model, data, new TrainerOptions { Epochs = 2 }).Run();
        foreach (var report in run.Reports)
        {
            TestContext.Progress.WriteLine($"{name} epoch {report.Epoch}: {string.Join(", ", report.TrainLosses.Select(p => $"{p.Key} {p.Value:F3}"))}; {string.Join(", ", report.Test.Select(p => $"{p.Key} {p.Value:F3}"))}");
            Assert.That(report.TrainLosses.Keys, Is.EqualTo(model.LossNames));
            Assert.That(report.TrainLosses.Values, Is.All.Not.NaN.And.All.Not.EqualTo(float.PositiveInfinity).And.All.Not.EqualTo(float.NegativeInfinity));
            Assert.That(report.Test.Values, Is.All.Not.NaN);
        }
        var samples = Samples(model, 37, 1);
        Assert.That(samples, Has.Length.EqualTo(37 * 784));
        Assert.That(samples, Is.All.InRange(0f, 1f));
        Assert.That(Samples(model, 5, 2), Is.EqualTo(Samples(model, 5, 2)), "same seed, same samples");
        Assert.That(Samples(model, 5, 2).SequenceEqual(Samples(model, 5, 3)), Is.False, "another seed, other samples");
    }

    [TestCaseSource(nameof(Names))]
    public void EachStepLeavesTheOtherPlayerUntouched(string name)
    {
        using var acc = Cpu();
        using var model = Small(name);
        var data = TinyData.Digits(64, 64);
        model.Build(acc, data.Train);
        var images = data.Train.Images.AsSpan(0, 32 * 784);
        var labels = data.Train.Labels.AsSpan(0, 32);

        var (g0, d0) = (Group(model, GanModel.GeneratorGroup), Group(model, GanModel.DiscriminatorGroup));
        model.StepDiscriminator(images, labels);
        var (g1, d1) = (Group(model, GanModel.GeneratorGroup), Group(model, GanModel.DiscriminatorGroup));
        Assert.That(g1, Is.EqualTo(g0), "the discriminator step changed the generator");
        Assert.That(d1, Is.Not.EqualTo(d0), "the discriminator step did not train the discriminator");

        model.StepGenerator(labels);
        var (g2, d2) = (Group(model, GanModel.GeneratorGroup), Group(model, GanModel.DiscriminatorGroup));
        Assert.That(d2, Is.EqualTo(d1), "the generator step changed the discriminator");
        Assert.That(g2, Is.Not.EqualTo(g1), "the generator step did not train the generator");
    }

    [TestCase("gan", 3)]
    [TestCase("wgan", 5)]
    public void TheGeneratorTrainsEveryKthBatch(string name, int k)
    {
        using var acc = Cpu();
        using var model = Small(name, k);
        var data = TinyData.Digits(64, 64);
        model.Build(acc, data.Train);
        var images = data.Train.Images.AsSpan(0, 32 * 784);
        var labels = data.Train.Labels.AsSpan(0, 32);
        var before = Group(model, GanModel.GeneratorGroup);
        var d = Group(model, GanModel.DiscriminatorGroup);
        for (int step = 1; step < k; step++)
        {
            model.TrainStep(images, labels);
            Assert.That(Group(model, GanModel.GeneratorGroup), Is.EqualTo(before), $"the generator moved at batch {step} of {k}");
            var dNow = Group(model, GanModel.DiscriminatorGroup);
            Assert.That(dNow, Is.Not.EqualTo(d), $"the discriminator did not train at batch {step}");
            d = dNow;
        }
        model.TrainStep(images, labels);
        Assert.That(Group(model, GanModel.GeneratorGroup), Is.Not.EqualTo(before), $"the generator did not train at batch {k}");
        var losses = model.ReadLosses();
        Assert.That(losses.Values, Is.All.Not.NaN);
    }

    [Test]
    public void WGanCriticWeightsStayClipped()
    {
        using var acc = Cpu();
        using var model = new WGan(new WGanOptions { Hidden = 32, Latent = 8, BatchSize = 32, Clip = 0.02f, LearningRate = 1e-3f });
        var data = TinyData.Digits(128, 64);
        model.Build(acc, data.Train);
        new Trainer(model, data, new TrainerOptions { Epochs = 2 }).Run();
        var critic = Group(model, GanModel.DiscriminatorGroup);
        Assert.That(critic.Max(MathF.Abs), Is.LessThanOrEqualTo(0.02f));
        Assert.That(critic.Max(MathF.Abs), Is.EqualTo(0.02f), "with this learning rate some weights reach the clip");
    }

    [Test]
    public void ConditionalSamplesDependOnTheLabel()
    {
        using var acc = Cpu();
        using var model = new ConditionalGan(new ConditionalGanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, LearningRate = 1e-3f });
        var data = TinyData.Digits(320, 64);
        model.Build(acc, data.Train);
        new Trainer(model, data, new TrainerOptions { Epochs = 3 }).Run();
        var threes = Samples(model, 10, 9, 3);
        var sevens = Samples(model, 10, 9, 7);
        double diff = threes.Zip(sevens, (a, b) => Math.Abs(a - b)).Average();
        TestContext.Progress.WriteLine($"cgan: mean |sample(3) − sample(7)| = {diff:F3} for the same noise");
        Assert.That(diff, Is.GreaterThan(0.005), "the same noise with another label gives another image");
        var ex = Assert.Throws<ArgumentException>(() => ((IConditionalSampler)model).Sample([0, 1, 12], 1));
        Assert.That(ex!.Message, Does.Contain("12"));
    }

    [TestCase("gan")]
    [TestCase("dcgan")]
    [TestCase("cgan")]
    [TestCase("wgan")]
    public void CheckpointRoundTripRestoresTheSamples(string name)
    {
        using var acc = Cpu();
        var data = TinyData.Digits(128, 64);
        var path = Path.Combine(_dir, "model.safetensors");
        float[] before;
        using (var model = Small(name, k: 1))
        {
            model.Build(acc, data.Train);
            new Trainer(model, data, new TrainerOptions { Epochs = 1 }).Run();
            before = Samples(model, 12, 4);
            model.Save(path);
        }
        using var restored = ModelRegistry.FromCheckpoint(path);
        Assert.That(restored.Kind, Is.EqualTo(name));
        restored.Build(acc, data.Train);
        Assert.That(Samples(restored, 12, 4).SequenceEqual(before), Is.False, "a fresh model samples differently");
        restored.Load(path);
        Assert.That(Samples(restored, 12, 4), Is.EqualTo(before));
    }

    [TestCase("gan")]
    [TestCase("dcgan")]
    [TestCase("cgan")]
    [TestCase("wgan")]
    public void APackedDiscriminatorJudgesPacksAndTrains(string name)
    {
        using var acc = Cpu();
        using var model = name switch
        {
            "gan" => (GanModel)new Gan(new GanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, Pack = 4 }),
            "dcgan" => new DcGan(new DcGanOptions { Features = 8, Latent = 16, BatchSize = 32, Seed = 3, Pack = 4 }),
            "cgan" => new ConditionalGan(new ConditionalGanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, Pack = 4 }),
            _ => new WGan(new WGanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, Pack = 4 }),
        };
        var data = TinyData.Digits(320, 102); // 102 test images: the last 2 do not fill a pack and are left out of the evaluation
        model.Build(acc, data.Train);
        var first = model.Store.Specs.First(s => s.Group == GanModel.DiscriminatorGroup && s.Name.EndsWith(".weight", StringComparison.Ordinal));
        int inputs = name switch { "dcgan" => first.Shape[1], "cgan" => first.Shape[1] - 4 * 10, _ => first.Shape[1] };
        Assert.That(inputs, Is.EqualTo(name == "dcgan" ? 4 : 4 * 784), $"{first.Name} {first.Shape}: the discriminator sees 4 images at once");
        var run = new Trainer(model, data, new TrainerOptions { Epochs = 2 }).Run();
        Assert.That(run.Reports.SelectMany(r => r.TrainLosses.Values.Select(v => (double)v).Concat(r.Test.Values)), Is.All.Not.NaN);
        Assert.That(Samples(model, 7, 1), Has.Length.EqualTo(7 * 784).And.All.InRange(0f, 1f), "sampling does not pack");
    }

    [Test]
    public void AGeneratorWithBatchNormTrainsAndSamplesWithRunningStatistics()
    {
        using var acc = Cpu();
        using var model = new Gan(new GanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, GeneratorBatchNorm = true });
        var data = TinyData.Digits(320, 100);
        model.Build(acc, data.Train);
        Assert.That(model.Store.Specs.Where(s => s.Group == GanModel.GeneratorGroup).Select(s => s.Name), Has.Some.StartsWith("gen.bn1").And.Some.StartsWith("gen.bn2"));
        var run = new Trainer(model, data, new TrainerOptions { Epochs = 2 }).Run();
        Assert.That(run.Reports.SelectMany(r => r.TrainLosses.Values), Is.All.Not.NaN);
        // Sampling runs in evaluation mode: an image does not depend on the others drawn with it.
        var many = Samples(model, 8, 4);
        var one = ((ISampler)model).Sample(1, 4);
        Assert.That(many.AsSpan(0, 784).ToArray(), Is.EqualTo(one).Within(1e-5f));
    }

    [Test]
    public void SamplesComeFromTheAveragedGeneratorWeights()
    {
        using var acc = Cpu();
        using var model = new Gan(new GanOptions { Hidden = 64, Latent = 16, BatchSize = 32, Seed = 3, GeneratorAverage = 0.9f });
        var data = TinyData.Digits(320, 100);
        model.Build(acc, data.Train);
        new Trainer(model, data, new TrainerOptions { Epochs = 2 }).Run();
        var generator = model.Store.Group(GanModel.GeneratorGroup);
        var trained = Group(model, GanModel.GeneratorGroup);
        var samples = Samples(model, 6, 5);
        Assert.That(Group(model, GanModel.GeneratorGroup), Is.EqualTo(trained), "sampling puts the trained weights back");

        generator.SwapAverage(acc.DefaultStream);
        var averaged = Group(model, GanModel.GeneratorGroup);
        Assert.That(averaged, Is.Not.EqualTo(trained));
        // Both the weights and their average now hold the average, so a sample is the averaged generator's whatever is swapped.
        ((MemoryBuffer<float>)generator.Average.Buffer!).CopyFrom(generator.Values, generator.Average.Offset);
        Assert.That(Samples(model, 6, 5), Is.EqualTo(samples).Within(1e-6f), "samples are the averaged generator's");
    }

    [Test]
    public void BadHyperParametersAndImagesAreNamed()
    {
        Assert.That(Assert.Throws<OptionRangeException>(() => new Gan(new GanOptions { Latent = 0 }))!.Message, Does.Contain("Latent (--latent) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new Gan(new GanOptions { DiscriminatorSteps = 0 }))!.Message, Does.Contain("DiscriminatorSteps (--discriminator-steps) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new Gan(new GanOptions { Pack = 3, BatchSize = 64 }))!.Message, Does.Contain("Pack (--pack) = 3").And.Contain("64"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new WGan(new WGanOptions { Pack = 0 }))!.Message, Does.Contain("Pack (--pack) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new DcGan(new DcGanOptions { GeneratorAverage = 1 }))!.Message, Does.Contain("GeneratorAverage (--generator-average) = 1"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new DcGan(new DcGanOptions { Features = 0 }))!.Message, Does.Contain("Features (--features) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new WGan(new WGanOptions { Clip = 0 }))!.Message, Does.Contain("Clip (--clip) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new WGan(new WGanOptions { Clip = -0.01f }))!.Message, Does.Contain("Clip (--clip) = -0.01"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new ConditionalGan(new ConditionalGanOptions { Beta1 = 1 }))!.Message, Does.Contain("Beta1 (--beta1) = 1"));
        var entry = ModelRegistry.Get("wgan");
        Assert.That(Assert.Throws<OptionRangeException>(() => ModelRegistry.ParseOptions(entry, new Dictionary<string, string> { ["discriminator-steps"] = "0" }))!.Message,
            Does.Contain("DiscriminatorSteps (--discriminator-steps) = 0"));
        Assert.That(((GanOptions)ModelRegistry.ParseOptions(ModelRegistry.Get("gan"), new Dictionary<string, string> { ["generator-loss"] = "minimax" })).GeneratorLoss,
            Is.EqualTo(GeneratorLoss.Minimax));

        using var acc = Cpu();
        using var dcgan = Small("dcgan");
        var ex = Assert.Throws<ArgumentException>(() => dcgan.Build(acc, 30, 30, 10));
        Assert.That(ex!.Message, Does.Contain("multiples of 4").And.Contain("30×30"));
    }

    [Test]
    public void MinimaxGeneratorLossTrainsToo()
    {
        using var acc = Cpu();
        using var model = new Gan(new GanOptions { Hidden = 64, Latent = 16, BatchSize = 32, GeneratorLoss = GeneratorLoss.Minimax });
        var data = TinyData.Digits(128, 64);
        model.Build(acc, data.Train);
        var losses = new Trainer(model, data, new TrainerOptions { Epochs = 1 }).Run().Reports[^1].TrainLosses;
        // log(1 − D(G(z))) is negative, while −log D(G(z)) would be positive.
        Assert.That(losses["g_loss"], Is.LessThan(0));
        Assert.That(losses["d_loss"], Is.GreaterThan(0));
    }

    [Test]
    public void EveryModelIsRegistered()
    {
        foreach (var name in new[] { "conv-vae", "cvae", "gan", "dcgan", "cgan", "wgan" })
        {
            var entry = ModelRegistry.Get(name);
            using var model = entry.Create((ModelOptions)Activator.CreateInstance(entry.OptionsType)!);
            Assert.That(model.Kind, Is.EqualTo(name));
        }
    }
}
