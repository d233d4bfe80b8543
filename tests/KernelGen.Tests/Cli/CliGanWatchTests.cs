namespace KernelGen.Tests.Cli;

/// <summary>
/// kernelgen train watching a GAN for its failure modes: the warnings print after their epoch with advice, --judge adds
/// the judged class coverage to the metrics, and a --judge that cannot judge this run is one line that leaves nothing behind.
/// </summary>
public sealed class CliGanWatchTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-cli-gan-watch-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static string[] Gan(string run, params string[] more) =>
        ["train", "gan", "--hidden", "64", "--latent", "8", "--device", "cpu", "--samples", "0", "--out", run, .. more];

    [Test]
    public void AVanishingGradientIsWarnedAfterItsEpochWithAdvice()
    {
        var r = Kernelgen.Run(_dir, Gan(Path.Combine(_dir, "run"), "--generator-loss", "minimax", "--discriminator-steps", "5", "--epochs", "8"));
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("pass --judge CHECKPOINT (a classifier) to watch for mode collapse too"));
        var warning = r.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("warning: epoch", StringComparison.Ordinal) && l.Contains("vanishing generator gradient"));
        Assert.That(warning, Is.Not.Null, r.ToString());
        Assert.That(warning, Does.Contain("mean D(G(z)) is").And.Contain("--generator-loss non-saturating"));
        var header = File.ReadAllLines(Path.Combine(_dir, "run", "metrics.csv"))[0];
        Assert.That(header, Does.Contain("train_d_grad_norm").And.Contain("train_g_grad_norm"));
    }

    [Test]
    public void AJudgeAddsTheClassCoverageToTheMetrics()
    {
        var judge = Path.Combine(_dir, "judge");
        CliAssert.Succeeded(Kernelgen.Run(_dir, "train", "classifier", "--limit", "1024", "--epochs", "1", "--device", "cpu", "--samples", "0", "--out", judge));
        var run = Path.Combine(_dir, "run");
        var r = Kernelgen.Run(_dir, Gan(run, "--epochs", "2", "--limit", "1024", "--judge", Path.Combine(judge, "checkpoint.safetensors")));
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Not.Contain("pass --judge"));
        var header = File.ReadAllLines(Path.Combine(run, "metrics.csv"))[0];
        Assert.That(header, Does.Contain("smallest_class_share").And.Contain("largest_class"));
    }

    [Test]
    public void AJudgeThatCannotJudgeIsOneLineAndWritesNothing()
    {
        var vae = Path.Combine(_dir, "vae");
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(vae, 1)));
        var vaeCheckpoint = Path.Combine(vae, "checkpoint.safetensors");
        var run = Path.Combine(_dir, "run");
        CliAssert.BadInput(Kernelgen.Run(_dir, Gan(run, "--epochs", "1", "--judge", vaeCheckpoint)), "--judge", "holds a 'vae' model, not a classifier", "kernelgen train classifier");
        CliAssert.BadInput(Kernelgen.Run(_dir, Gan(run, "--epochs", "1", "--judge", Path.Combine(_dir, "missing.safetensors"))), "--judge", "does not exist");
        CliAssert.BadInput(Kernelgen.Run(_dir, Kernelgen.TinyTrain(run, 1, "--judge", vaeCheckpoint)), "--judge watches the samples of a GAN; 'vae' is not one");
        CliAssert.BadInput(Kernelgen.Run(_dir, ["train", "cgan", "--device", "cpu", "--epochs", "1", "--out", run, "--judge", vaeCheckpoint]), "'cgan' is told the class of every sample");
        Assert.That(Directory.Exists(run), Is.False, "a refused run leaves no folder");
    }
}
