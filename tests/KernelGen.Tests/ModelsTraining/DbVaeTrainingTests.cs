using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Debiasing;
using KernelGen.Models.Training;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>
/// The debiasing VAE on real digits ("is it a 1 or a 7?"): the classifier learns, negatives add nothing to the
/// reconstruction and KL terms, each epoch's weights keep the positives' share and sum to one, and bad options are named.
/// </summary>
public sealed class DbVaeTrainingTests
{
    private static readonly DbVaeOptions Small = new() { Channels = 8, Latent = 4, BatchSize = 32, PositiveClasses = [1, 7], Seed = 3 };

    private static Accelerator Cpu() => TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    [Test]
    public void TheClassifierLearnsAndTheWeightsKeepThePositivesShare()
    {
        using var acc = Cpu();
        using var model = new DbVae(Small);
        var data = TinyData.Digits(1024, 256);
        model.Build(acc, data.Train);
        var run = new Trainer(model, data, new TrainerOptions { Epochs = 6 }).Run();
        var last = run.Reports[^1];
        TestContext.Progress.WriteLine($"db-vae: test accuracy {last.Test["test_accuracy"]:P1}, recon {last.Test["test_recon"]:F1}, kl {last.Test["test_kl"]:F2}");
        Assert.That(last.Test["test_accuracy"], Is.GreaterThan(0.9), "ones and sevens are 20% of the digits: 80% is the majority guess");
        Assert.That(last.TrainLosses["recon"], Is.LessThan(run.Reports[0].TrainLosses["recon"]));
        var w = model.LastSampleWeights!;
        Assert.That(w, Has.Length.EqualTo(data.Train.Count));
        Assert.That(w.Sum(), Is.EqualTo(1).Within(1e-9));
        double positives = data.Train.Labels.Count(model.IsPositive);
        Assert.That(Enumerable.Range(0, w.Length).Where(i => model.IsPositive(data.Train.Labels[i])).Sum(i => w[i]), Is.EqualTo(positives / data.Train.Count).Within(1e-9));
        var probability = model.PositiveProbability(data.Test.Images, data.Test.Count);
        Assert.That(probability, Is.All.InRange(0f, 1f));
    }

    [Test]
    public void NegativesAddNoReconstructionOrKl()
    {
        using var acc = Cpu();
        using var model = new DbVae(Small);
        var digits = TinyData.Digits(2000, 10).Train;
        var negatives = Enumerable.Range(0, digits.Count).Where(i => !model.IsPositive(digits.Labels[i])).Take(256).ToArray();
        var images = negatives.SelectMany(i => digits.Image(i).ToArray()).ToArray();
        var onlyNegatives = new Dataset("negatives", images, negatives.Select(i => digits.Labels[i]).ToArray(), 28, 28, 10);
        model.Build(acc, onlyNegatives);
        var test = model.Evaluate(onlyNegatives);
        Assert.That((test["test_recon"], test["test_kl"]), Is.EqualTo((0.0, 0.0)));
        Assert.That(test["test_class"], Is.GreaterThan(0));
    }

    [Test]
    public void WithoutDebiasingTheEpochsAreShuffledAsUsual()
    {
        using var acc = Cpu();
        using var model = new DbVae(Small with { Debias = false });
        var data = TinyData.Digits(256, 64);
        model.Build(acc, data.Train);
        Assert.That(model.EpochSampleWeights(data.Train, 0), Is.Null);
    }

    [Test]
    public void BadOptionsAreNamed()
    {
        Assert.That(Assert.Throws<OptionRangeException>(() => new DbVae(new DbVaeOptions { Bins = 0 }))!.Message, Does.Contain("Bins (--bins) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new DbVae(new DbVaeOptions { Alpha = 0 }))!.Message, Does.Contain("Alpha (--alpha) = 0").And.Contain("(0, 1]"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new DbVae(new DbVaeOptions { Alpha = 1.5 }))!.Message, Does.Contain("Alpha (--alpha) = 1.5"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new DbVae(new DbVaeOptions { PositiveClasses = [] }))!.Message, Does.Contain("PositiveClasses"));
        using var acc = Cpu();
        using var model = new DbVae(new DbVaeOptions { PositiveClasses = [12] });
        var e = Assert.Throws<ArgumentException>(() => model.Build(acc, 28, 28, 10));
        Assert.That(e!.Message, Does.Contain("positive class 12 (--positive-classes) is not a class of the data, which has 10"));
    }
}
