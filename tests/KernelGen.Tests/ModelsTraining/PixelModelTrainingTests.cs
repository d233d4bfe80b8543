using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.PixelCnn;
using KernelGen.Models.Training;
using KernelGen.Tests.Support;
using PixelCnnModel = KernelGen.Models.PixelCnn.PixelCnn;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>
/// The pixel models (PixelCNN, PixelRNN) on real digits: they learn, their masks and row recurrence make them
/// autoregressive, they sample binary images and complete given rows, and they reject bad options.
/// </summary>
[TestFixture("pixelcnn")]
[TestFixture("pixelrnn")]
public sealed class PixelModelTrainingTests(string kind)
{
    private static readonly PixelCnnOptions Small = new() { Channels = 16, Layers = 2, OutputChannels = 16, BatchSize = 32, Seed = 3 };

    private PixelModel Create(int batch = 32, float learningRate = 1e-3f, int layers = 2) => kind == "pixelcnn"
        ? new PixelCnnModel(Small with { BatchSize = batch, LearningRate = learningRate, Layers = layers })
        : new PixelRnn(new PixelRnnOptions { Hidden = 8, Layers = Math.Min(layers, 2), OutputChannels = 16, BatchSize = batch, LearningRate = learningRate, Seed = 3 });

    private static Accelerator Cpu() => TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    [Test]
    public void NllFallsAtLeastThreefoldInTwoEpochs()
    {
        // Untrained, every logit is near 0, so the NLL is about 784·ln 2 ≈ 543 nats; a model that learned the
        // background and strokes is far below a third of that (about 112 after these 64 steps).
        using var acc = Cpu();
        using var model = Create(batch: 16, learningRate: 5e-3f);
        var data = TinyData.Digits(512, 128);
        model.Build(acc, data.Train);
        double before = model.NegativeLogLikelihood(data.Test);
        var result = new Trainer(model, data, new TrainerOptions { Epochs = 2 }).Run();
        double after = result.Reports[^1].Test["test_nll"];
        TestContext.Progress.WriteLine($"{kind} test NLL {before:F1} -> {after:F1} nats/image");
        Assert.That(before, Is.InRange(400, 700));
        Assert.That(after, Is.LessThan(before / 3));
        Assert.That(after, Is.EqualTo(model.NegativeLogLikelihood(data.Test)).Within(1e-6), "the NLL depends on the parameters alone");
    }

    [Test]
    public void LogitOfPixelIDoesNotDependOnPixelsFromIOn()
    {
        // Flip one input pixel i: logits 0 … i must not change at all (mask A hides pixel i from its own logit, and
        // the masks, and the Row LSTM's recurrence down the rows, hide every later pixel), while some later logit does.
        using var acc = Cpu();
        using var model = Create(layers: 3);
        var data = TinyData.Digits(64, 8);
        model.Build(acc, data.Train);
        new Trainer(model, data, new TrainerOptions { Epochs = 1 }).Run(); // past the initialization
        var image = FixedTestBinarization.Of(data.Test).AsSpan(0, 784).ToArray();
        var before = model.Logits(image, 1);
        foreach (int i in new[] { 0, 1, 27, 28, 29, 200, 405, 406, 700, 782, 783 })
        {
            var flipped = (float[])image.Clone();
            flipped[i] = 1 - flipped[i];
            var after = model.Logits(flipped, 1);
            for (int j = 0; j <= i; j++)
                Assert.That(after[j], Is.EqualTo(before[j]), $"flipping pixel {i} changed the logit of pixel {j}");
            if (i < 783)
                Assert.That(Enumerable.Range(i + 1, 783 - i).Any(j => after[j] != before[j]), $"flipping pixel {i} changed no later logit");
        }
    }

    [Test]
    public void SamplesAreBinaryImagesDrawnFromTheModelsLogits()
    {
        using var acc = Cpu();
        using var model = Create(batch: 4);
        var data = TinyData.Digits(64, 8);
        model.Build(acc, data.Train);
        new Trainer(model, data, new TrainerOptions { Epochs = 1 }).Run();
        const ulong seed = 11;
        var samples = model.Sample(5, seed); // two batches: 4 + 1
        Assert.That(samples, Has.Length.EqualTo(5 * 784));
        Assert.That(samples, Is.All.EqualTo(0f).Or.EqualTo(1f));
        Assert.That(model.Sample(5, seed), Is.EqualTo(samples), "same seed, same samples");
        Assert.That(model.Sample(2, seed), Is.EqualTo(samples[..(2 * 784)]), "an image does not depend on the batch it is drawn in");

        // Replay the draws against the full (uncropped) network's logits of the finished images: each pixel must be
        // the Bernoulli draw u < sigmoid(logit) of its image's stream, except where u is within rounding of p.
        var logits = model.Logits(samples, 5);
        int checkedPixels = 0;
        for (int k = 0; k < 5; k++)
        {
            var random = new SplitMix64(SplitMix64.Derive(seed, k));
            for (int j = 0; j < 784; j++)
            {
                double p = 1 / (1 + Math.Exp(-logits[k * 784 + j]));
                float u = random.NextSingle();
                if (Math.Abs(u - p) < 1e-4) continue;
                Assert.That(samples[k * 784 + j], Is.EqualTo(u < p ? 1f : 0f), $"image {k}, pixel {j}: p = {p}, u = {u}");
                checkedPixels++;
            }
        }
        Assert.That(checkedPixels, Is.GreaterThan(5 * 780));
    }

    [Test]
    public void CompletionsKeepTheGivenRowsAndSampleTheRest()
    {
        using var acc = Cpu();
        using var model = Create(batch: 4);
        var data = TinyData.Digits(64, 16);
        model.Build(acc, data.Train);
        new Trainer(model, data, new TrainerOptions { Epochs = 1 }).Run();
        const int count = 6, given = 14;
        var completed = model.Complete(data.Test.Images, count, given, seed: 5);
        Assert.That(completed, Has.Length.EqualTo(count * 784));
        Assert.That(completed, Is.All.EqualTo(0f).Or.EqualTo(1f), "binary images");
        for (int i = 0; i < count; i++)
            for (int p = 0; p < given * 28; p++)
                Assert.That(completed[i * 784 + p], Is.EqualTo(data.Test.Images[i * 784 + p] >= 0.5f ? 1f : 0f), $"image {i}, given pixel {p}");
        Assert.That(model.Complete(data.Test.Images, count, given, seed: 5), Is.EqualTo(completed), "same seed, same completions");
        Assert.That(model.Complete(data.Test.Images, count, given, seed: 6).SequenceEqual(completed), Is.False, "another seed, other completions");
        Assert.That(Assert.Throws<ArgumentException>(() => model.Complete(data.Test.Images, 2, 29, 1))!.Message, Does.Contain("givenRows = 29"));
        Assert.That(Assert.Throws<ArgumentException>(() => model.Complete(new float[100], 1, 3, 1))!.Message, Does.Contain("784"));
    }

    [Test]
    public void BadOptionsAreNamed()
    {
        if (kind == "pixelrnn")
        {
            Assert.That(Assert.Throws<OptionRangeException>(() => new PixelRnn(new PixelRnnOptions { Hidden = 0 }))!.Message, Does.Contain("Hidden (--hidden) = 0"));
            Assert.That(Assert.Throws<OptionRangeException>(() => new PixelRnn(new PixelRnnOptions { Layers = 0 }))!.Message, Does.Contain("Layers (--layers) = 0"));
            Assert.That(Assert.Throws<OptionRangeException>(() => new PixelRnn(new PixelRnnOptions { Kernel = 2 }))!.Message, Does.Contain("Kernel (--kernel) = 2"));
            Assert.That(Assert.Throws<OptionRangeException>(() => ModelRegistry.ParseOptions(ModelRegistry.Get("pixelrnn"), new Dictionary<string, string> { ["hidden"] = "0" }))!.Message,
                Does.Contain("Hidden (--hidden) = 0"));
            return;
        }
        Assert.That(Assert.Throws<OptionRangeException>(() => new PixelCnnModel(new PixelCnnOptions { Channels = 0 }))!.Message, Does.Contain("Channels (--channels) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new PixelCnnModel(new PixelCnnOptions { Kernel = 4 }))!.Message, Does.Contain("Kernel (--kernel) = 4"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new PixelCnnModel(new PixelCnnOptions { FirstKernel = 1 }))!.Message, Does.Contain("FirstKernel (--first-kernel) = 1"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new PixelCnnModel(new PixelCnnOptions { Layers = -1 }))!.Message, Does.Contain("Layers (--layers) = -1"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new PixelCnnModel(new PixelCnnOptions { LearningRate = 0 }))!.Message, Does.Contain("LearningRate (--learning-rate) = 0"));
        var entry = ModelRegistry.Get("pixelcnn");
        Assert.That(ModelRegistry.ParseOptions(entry, new Dictionary<string, string> { ["channels"] = "24", ["first-kernel"] = "5" }),
            Is.EqualTo(new PixelCnnOptions { Channels = 24, FirstKernel = 5 }));
        Assert.That(Assert.Throws<OptionRangeException>(() => ModelRegistry.ParseOptions(entry, new Dictionary<string, string> { ["kernel"] = "2" }))!.Message,
            Does.Contain("Kernel (--kernel) = 2"));
        using var acc = Cpu();
        using var model = Create();
        model.Build(acc, 28, 28, 10);
        Assert.That(Assert.Throws<ArgumentException>(() => model.Sample(-1, 1))!.Message, Does.Contain("count = -1"));
        var small = new Dataset("small", new float[2 * 14 * 14], [0, 1], 14, 14, 10);
        Assert.That(Assert.Throws<ArgumentException>(() => model.NegativeLogLikelihood(small))!.Message, Does.Contain("14×14"));
    }
}
