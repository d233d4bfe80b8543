using KernelGen.Models;
using KernelGen.Models.Training;
using KernelGen.Models.Vaes;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>The VAE on real digits: it learns, resumes exactly, and rejects bad input.</summary>
public sealed class VaeTrainingTests
{
    private static readonly VaeOptions Small = new() { Hidden = 64, Latent = 8, BatchSize = 32, Seed = 5 };
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-vae-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static Accelerator Cpu() => TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    [Test]
    public void LossFallsAtLeastTwofoldInThreeEpochs()
    {
        // Before training the per-image loss is about 784·ln 2 ≈ 543 nats; a VAE that learned anything is far below 270.
        using var acc = Cpu();
        using var vae = new Vae(Small);
        var data = TinyData.Digits(1024, 256);
        vae.Build(acc, data.Train);
        double before = vae.Evaluate(data.Test)["test_loss"];
        var result = new Trainer(vae, data, new TrainerOptions { Epochs = 3 }).Run();
        double after = result.Reports[^1].Test["test_loss"];
        TestContext.Progress.WriteLine($"VAE test loss {before:F1} -> {after:F1}");
        Assert.That(after, Is.LessThan(before / 2));
        Assert.That(result.Reports[^1].TrainLosses["kl"], Is.GreaterThan(0));
    }

    [Test]
    public void ResumeAfterInterruptionMatchesAnUninterruptedRunExactly()
    {
        var data = TinyData.Digits(320, 64);
        float[] Final(string dir, int? cancelAt)
        {
            using var acc = Cpu();
            if (cancelAt is { } at)
            {
                using var first = new Vae(Small);
                first.Build(acc, data.Train);
                using var cts = new CancellationTokenSource();
                var trainer = new Trainer(first, data, new TrainerOptions { Epochs = 3, OutputDirectory = dir, ReportEvery = 1, GridImages = 8 });
                int batches = 0;
                trainer.Progress += _ => { if (++batches == at) cts.Cancel(); };
                var interrupted = trainer.Run(cts.Token);
                Assert.That(interrupted.Interrupted, Is.True);
            }
            using var vae = new Vae(Small);
            vae.Build(acc, data.Train);
            var run = new Trainer(vae, data, new TrainerOptions { Epochs = 3, OutputDirectory = dir, Resume = true, GridImages = 8 }).Run();
            Assert.That(run.EpochsCompleted, Is.EqualTo(3));
            return vae.Store.Read("fc4.weight").Concat(vae.Store.Read("fc1.bias")).Append((float)run.Reports[^1].Test["test_loss"]).ToArray();
        }
        var straight = Final(Path.Combine(_dir, "straight"), null);
        var resumed = Final(Path.Combine(_dir, "resumed"), 13); // stops in the middle of epoch 2 (10 batches an epoch)
        Assert.That(resumed, Is.EqualTo(straight), "parameters and test loss after a resumed run differ from an uninterrupted run");
        var metrics = File.ReadAllLines(Path.Combine(_dir, "resumed", "metrics.jsonl"));
        Assert.That(metrics, Has.Length.EqualTo(3));
        Assert.That(metrics.Select(l => l.Split(',')[0]), Is.EqualTo(File.ReadAllLines(Path.Combine(_dir, "straight", "metrics.jsonl")).Select(l => l.Split(',')[0])));
    }

    [Test]
    public void WritesImagesMetricsAndCheckpointEachEpoch()
    {
        using var acc = Cpu();
        using var vae = new Vae(Small);
        var data = TinyData.Digits(128, 64);
        vae.Build(acc, data.Train);
        var result = new Trainer(vae, data, new TrainerOptions { Epochs = 2, OutputDirectory = _dir, GridImages = 16 }).Run();
        var names = Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ToArray();
        Assert.That(names, Is.EquivalentTo(new[] { "checkpoint.safetensors", "metrics.csv", "metrics.jsonl",
            "reconstructions-epoch001.png", "reconstructions-epoch002.png", "samples-epoch001.png", "samples-epoch002.png" }));
        Assert.That(result.Reports[0].Files, Has.Some.EndsWith("samples-epoch001.png"));
        Assert.That(File.ReadAllLines(Path.Combine(_dir, "metrics.csv"))[0], Does.Contain("train_loss").And.Contain("test_loss"));
    }

    [Test]
    public void CapabilitiesHaveTheRightShapes()
    {
        using var acc = Cpu();
        using var vae = new Vae(Small);
        AssertCapabilityShapes(acc, vae);
    }

    /// <summary>Builds <paramref name="vae"/> (8 latent dimensions) on digits and checks what its capabilities return.</summary>
    internal static void AssertCapabilityShapes(Accelerator acc, VaeBase vae)
    {
        var data = TinyData.Digits(64, 64);
        vae.Build(acc, data.Train);
        var samples = vae.Sample(37, 1);
        Assert.That(samples, Has.Length.EqualTo(37 * 784));
        Assert.That(samples, Is.All.InRange(0f, 1f));
        Assert.That(vae.Sample(5, 3), Is.EqualTo(vae.Sample(5, 3)), "same seed, same samples");
        Assert.That(vae.Encode(data.Test.Images, 40), Has.Length.EqualTo(40 * 8));
        Assert.That(vae.Reconstruct(data.Test.Images, 3), Has.Length.EqualTo(3 * 784));
    }

    [Test]
    public void BadInputIsNamed()
    {
        ArgumentException? ex = Assert.Throws<OptionRangeException>(() => new Vae(new VaeOptions { Latent = 0 }));
        Assert.That(ex!.Message, Does.Contain("Latent (--latent) = 0"));
        Assert.That(Assert.Throws<OptionRangeException>(() => new Vae(new VaeOptions { Beta = -1 }))!.Message, Does.Contain("Beta (--beta) = -1"));

        using var acc = Cpu();
        using var vae = new Vae(Small);
        vae.Build(acc, 14, 14, 10);
        ex = Assert.Throws<ArgumentException>(() => new Trainer(vae, TinyData.Digits(64, 64), new TrainerOptions()));
        Assert.That(ex!.Message, Does.Contain("28×28").And.Contain("14×14"));

        using var vae2 = new Vae(Small);
        vae2.Build(acc, 28, 28, 10);
        var file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "");
        ex = Assert.Throws<ArgumentException>(() => new Trainer(vae2, TinyData.Digits(64, 64), new TrainerOptions { OutputDirectory = Path.Combine(file, "out") }));
        Assert.That(ex!.Message, Does.Contain("cannot be written"));
    }
}
