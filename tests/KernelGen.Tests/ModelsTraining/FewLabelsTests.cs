using KernelGen.Models.Classifiers;
using KernelGen.Models.Data;
using KernelGen.Models.Uses;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>The few-labels use: its labelled choice, its pipeline end to end on tiny data, and its errors.</summary>
public sealed class FewLabelsTests
{
    private static readonly FewLabelsOptions Tiny = new()
    {
        PerClass = 3, PretrainEpochs = 1, LabelledSteps = 20, Seed = 4,
        Network = new ClassifierOptions { Conv1 = 4, Conv2 = 8, Hidden = 16, BatchSize = 32 },
    };

    [Test]
    public void ChoosesPerClassLabelledImagesReproducibly()
    {
        var train = TinyData.Digits(500, 1).Train;
        var chosen = FewLabels.ChooseLabelled(train, 10, 1);
        Assert.That(chosen, Has.Length.EqualTo(100));
        Assert.That(chosen, Is.Unique.And.Ordered);
        Assert.That(chosen.GroupBy(i => train.Labels[i]).Select(g => g.Count()), Is.All.EqualTo(10));
        Assert.That(FewLabels.ChooseLabelled(train, 10, 1), Is.EqualTo(chosen));
        Assert.That(FewLabels.ChooseLabelled(train, 10, 2), Is.Not.EqualTo(chosen));
    }

    [Test]
    public void PipelineRunsAndReportsBothAccuracies()
    {
        using var acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var lines = new List<string>();
        var result = FewLabels.Run(acc, TinyData.Digits(256, 250), Tiny, lines.Add);
        Assert.That(result.Labelled, Has.Length.EqualTo(30));
        Assert.That(result.PretrainedAccuracy, Is.InRange(0.0, 1.0));
        Assert.That(result.ScratchAccuracy, Is.InRange(0.0, 1.0));
        Assert.That(result.PretrainLoss, Is.GreaterThan(0).And.LessThan(600));
        Assert.That(lines, Has.Some.Contains("autoencoder epoch 1").And.Some.Contains("from scratch"));
    }

    [Test]
    public void BadOptionsAndLabelsAreNamed()
    {
        using var acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var data = TinyData.Digits(64, 250);
        Assert.That(Assert.Throws<ArgumentException>(() => FewLabels.Run(acc, data, Tiny with { PerClass = 0 }))!.Message, Does.Contain("PerClass = 0"));
        Assert.That(Assert.Throws<ArgumentException>(() => FewLabels.Run(acc, data, Tiny with { Shift = 9 }))!.Message, Does.Contain("Shift = 9"));
        Assert.That(Assert.Throws<ArgumentException>(() => FewLabels.Run(acc, data, Tiny with { MaskingNoise = 1 }))!.Message, Does.Contain("MaskingNoise = 1"));
        // 64 digits hold fewer than 20 images of some class.
        var ex = Assert.Throws<ArgumentException>(() => FewLabels.ChooseLabelled(data.Train, 20, 1));
        Assert.That(ex!.Message, Does.Contain("fewer than the 20 labelled images per class"));
        // Labels that leave a class without any image: no labelled example can be chosen for it.
        var bad = new Dataset("bad", data.Train.Images, data.Train.Labels.Select(l => l == 0 ? 10 : l).ToArray(), 28, 28, 11);
        ex = Assert.Throws<ArgumentException>(() => FewLabels.Run(acc, new DataSplits(bad, data.Test), Tiny with { PerClass = 1 }));
        Assert.That(ex!.Message, Does.Contain("0 images of class 0"));
    }
}
