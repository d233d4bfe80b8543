using KernelGen.Models;
using KernelGen.Models.Classifiers;
using KernelGen.Models.Gans;
using KernelGen.Models.Training;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>
/// GAN failure modes provoked on purpose on the embedded digits, each trained briefly on the CPU and watched by
/// <see cref="GanMonitor"/> with a small classifier as the judge: the minimax loss under five discriminator steps
/// (vanishing gradient), a 64-unit GAN with 2 noise dimensions (collapse), a 5× rate with Adam's beta1 at 0.9 on
/// 16-step epochs (oscillation) — each warned of — and the healthy DCGAN of the measurements, warned of nothing.
/// </summary>
[NonParallelizable]
public sealed class GanFailureModeTests
{
    private Accelerator _acc = null!;
    private Classifier _judge = null!;

    [OneTimeSetUp]
    public void TrainJudge()
    {
        _acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        _judge = new Classifier(new ClassifierOptions { Conv1 = 16, Conv2 = 32, Hidden = 64, BatchSize = 32, Seed = 2 });
        var data = TinyData.Digits(4000, 500);
        _judge.Build(_acc, data.Train);
        var accuracy = new Trainer(_judge, data, new TrainerOptions { Epochs = 2 }).Run().Reports[^1].Test["test_accuracy"];
        TestContext.Progress.WriteLine($"judge: test accuracy {accuracy:P1}");
        Assert.That(accuracy, Is.GreaterThan(0.85), "the judge must tell digits apart");
    }

    [OneTimeTearDown]
    public void Release()
    {
        _judge.Dispose();
        _acc.Dispose();
    }

    private GanHealth Watch(string model, Dictionary<string, string> options, int trainImages, int epochs)
    {
        var entry = ModelRegistry.Get(model);
        using var gan = (GanModel)entry.Create(ModelRegistry.ParseOptions(entry, options));
        var data = TinyData.Digits(trainImages, 500);
        gan.Build(_acc, data.Train);
        var monitor = new GanMonitor(gan, _judge);
        Assert.That(monitor.JudgesCoverage, Is.True);
        var trainer = new Trainer(gan, data, new TrainerOptions { Epochs = epochs, EpochMetrics = monitor.JudgeSamples });
        trainer.EpochCompleted += r =>
        {
            var s = GanSignals.FromLosses(r.Epoch, r.TrainLosses, ClassCoverage.FromMetrics(r.Test));
            TestContext.Progress.WriteLine($"{model} epoch {r.Epoch}: d_loss {s.DLoss:G3} g_loss {s.GLoss:G3} D(x) {s.DReal:G3} D(G(z)) {s.DFake:G3} "
                + $"|∇D| {s.DGradNorm:G3} |∇G| {s.GGradNorm:G3} coverage {s.Coverage}");
            foreach (var w in monitor.Observe(r)) TestContext.Progress.WriteLine($"  warning: {w.Message}");
        };
        trainer.Run();
        Assert.That(monitor.Health.History.Select(h => h.Epoch), Is.EqualTo(Enumerable.Range(1, epochs)));
        return monitor.Health;
    }

    private static IEnumerable<GanFailure> Failures(GanHealth health) => health.Warnings.Select(w => w.Failure);

    [Test]
    public void TheMinimaxLossUnderAStrongDiscriminatorIsWarnedOfAVanishingGradient()
    {
        var health = Watch("gan", new() { ["generator-loss"] = "minimax", ["discriminator-steps"] = "5" }, 8000, 8);
        Assert.That(Failures(health), Does.Contain(GanFailure.VanishingGradient));
    }

    [Test]
    public void ASmallGeneratorIsWarnedOfModeCollapse()
    {
        var health = Watch("gan", new() { ["hidden"] = "64", ["latent"] = "2" }, 8000, 4);
        Assert.That(Failures(health), Does.Contain(GanFailure.ModeCollapse));
    }

    [Test]
    public void AHighRateWithHeavyMomentumIsWarnedOfOscillation()
    {
        var health = Watch("gan", new() { ["learning-rate"] = "1e-3", ["beta1"] = "0.9" }, 1024, 30);
        Assert.That(Failures(health), Does.Contain(GanFailure.Oscillation));
    }

    [Test]
    public void TheHealthyDcganRunIsWarnedOfNothing()
    {
        var health = Watch("dcgan", new() { ["pack"] = "2" }, 8000, 6);
        Assert.That(health.Warnings, Is.Empty, () => string.Join("\n", health.Warnings.Select(w => w.Message)));
    }
}
