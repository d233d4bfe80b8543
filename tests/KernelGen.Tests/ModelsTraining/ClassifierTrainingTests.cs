using KernelGen.Models;
using KernelGen.Models.Classifiers;
using KernelGen.Models.Data;
using KernelGen.Measurements;
using KernelGen.Models.Training;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>The convolutional classifier on real digits: it learns, predicts, judges samples, and rejects bad input.</summary>
public sealed class ClassifierTrainingTests
{
    private static readonly ClassifierOptions Small = new() { Conv1 = 16, Conv2 = 32, Hidden = 64, BatchSize = 32, Seed = 2 };

    private static Accelerator Cpu() => TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    [Test]
    public void LearnsWellAboveChanceOnTinyData()
    {
        using var acc = Cpu();
        using var model = new Classifier(Small);
        var data = TinyData.Digits(1024, 256);
        model.Build(acc, data.Train);
        var result = new Trainer(model, data, new TrainerOptions { Epochs = 3 }).Run();
        double accuracy = result.Reports[^1].Test["test_accuracy"];
        TestContext.Progress.WriteLine($"classifier: test accuracy {accuracy:P1} after 3 epochs on 1,024 digits");
        Assert.That(accuracy, Is.GreaterThan(0.7), "chance is 10%");
        Assert.That(result.Reports[^1].TrainLosses["loss"], Is.LessThan(result.Reports[0].TrainLosses["loss"]));
        Assert.That(model.Accuracy(data.Test), Is.EqualTo(accuracy), "dropout is off when predicting");
    }

    [Test]
    public void PredictAndClassifyGiveOneClassPerImage()
    {
        using var acc = Cpu();
        using var model = new Classifier(Small);
        var data = TinyData.Digits(64, 64);
        model.Build(acc, data.Train);
        var predicted = model.Predict(data.Test.Images.AsSpan(0, 37 * 784), 37);
        Assert.That(predicted, Has.Length.EqualTo(37));
        Assert.That(predicted, Is.All.InRange(0, 9));
        ISampleJudge judge = model;
        Assert.That(judge.Classify(data.Test.Images[..(37 * 784)], 37), Is.EqualTo(predicted));
        Assert.That(model.Predict([], 0), Is.Empty);
    }

    [Test]
    public void FeaturesAreThePenultimateLayerWhateverTheBatch()
    {
        using var acc = Cpu();
        using var model = new Classifier(Small);
        var data = TinyData.Digits(64, 64);
        model.Build(acc, data.Train);
        IFeatureJudge judge = model;
        var all = judge.Features(data.Test.Images, 64);
        var some = judge.Features(data.Test.Images[..(37 * 784)], 37);
        Assert.That(judge.FeatureSize, Is.EqualTo(64));
        Assert.That(all, Has.Length.EqualTo(64 * 64));
        Assert.That(all, Is.All.GreaterThanOrEqualTo(0f), "after the ReLU");
        Assert.That(some, Is.EqualTo(all[..(37 * 64)]).Within(1e-5f), "a batch of 37 gives what the first 37 of 64 give");
        Assert.That(judge.Features([], 0), Is.Empty);
        using var unbuilt = new Classifier(Small);
        Assert.That(() => unbuilt.Features(data.Test.Images, 1), Throws.InvalidOperationException.With.Message.Contains("not built yet"));
    }

    /// <summary>A "generator" that returns fixed images, to hold the FID to what it is given.</summary>
    private sealed class FixedImages(float[] images) : ISampler
    {
        public float[] Sample(int count, ulong seed) => images[..(count * 784)];
    }

    [Test]
    public void FidIsZeroForTheTestSetItselfAndLargerForNoiseThanForOtherDigits()
    {
        using var acc = Cpu();
        using var model = new Classifier(Small);
        var data = TinyData.Digits(1024, 512);
        model.Build(acc, data.Train);
        new Trainer(model, data, new TrainerOptions { Epochs = 1 }).Run();
        var rng = new Random(3);
        var noise = Enumerable.Range(0, 512 * 784).Select(_ => (float)rng.NextDouble()).ToArray();
        double Fid(float[] images) => SampleQuality.Fid(new FixedImages(images), model, data.Test, 1).Value;
        double self = Fid(data.Test.Images), digits = Fid(data.Train.Images[..(512 * 784)]), random = Fid(noise);
        TestContext.Progress.WriteLine($"FID against 512 test digits: themselves {self:g3}, 512 training digits {digits:F2}, uniform noise {random:F2}");
        Assert.That(self, Is.EqualTo(0).Within(1e-6 * digits));
        Assert.That(random, Is.GreaterThan(10 * digits));
        Assert.That(SampleQuality.Fid(new FixedImages(noise), null, data.Test, 1).Note, Does.StartWith("not judged"));
    }

    [Test]
    public void BadOptionsImagesAndLabelsAreNamed()
    {
        Assert.That(Assert.Throws<OptionRangeException>(() => new Classifier(new ClassifierOptions { Dropout = 1 }))!.Message, Does.Contain("Dropout (--dropout) = 1"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new Classifier(new ClassifierOptions { Conv2 = 0 }))!.Message, Does.Contain("Conv2 (--conv2) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new Classifier(new ClassifierOptions { BatchSize = 0 }))!.Message, Does.Contain("BatchSize (--batch-size) = 0"));

        Assert.That(ModelRegistry.Get("classifier").Create(new ClassifierOptions { Hidden = 16 }), Is.TypeOf<Classifier>());
        Assert.That(Assert.Throws<OptionRangeException>(() => ModelRegistry.ParseOptions(ModelRegistry.Get("classifier"),
            new Dictionary<string, string> { ["dropout"] = "-0.1" }))!.Message, Does.Contain("Dropout (--dropout) = -0.1"));

        using var acc = Cpu();
        using var model = new Classifier(Small);
        model.Build(acc, 28, 28, 10);
        Assert.That(Assert.Throws<ArgumentException>(() => model.Predict(new float[100], 1))!.Message, Does.Contain("784"));
        var images = TinyData.Digits(32, 1).Train.Images;
        var labels = Enumerable.Range(0, 32).Select(i => i % 10).ToArray();
        labels[5] = 12;
        model.TrainStep(images, labels);
        var ex = Assert.Throws<ArgumentException>(() => model.ReadLosses());
        Assert.That(ex!.Message, Does.Contain("12"));
        Assert.That(Assert.Throws<ArgumentException>(() => model.TrainStep(images, labels.AsSpan(0, 3)))!.Message, Does.Contain("32 labels"));

        using var tiny = new Classifier(Small);
        Assert.That(Assert.Throws<ArgumentException>(() => tiny.Build(acc, 3, 3, 10))!.Message, Does.Contain("3×3"));
    }
}
