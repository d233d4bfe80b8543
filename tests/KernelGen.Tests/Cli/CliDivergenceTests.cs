using System.Text.Json;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Cli;

/// <summary>
/// A run whose losses go NaN: one line naming the epoch, the step and the first non-finite parameter or node,
/// exit code 1, the last good checkpoint and the metrics of the good epochs kept, and a resume with a lower
/// rate that works as printed.
/// </summary>
public sealed class CliDivergenceTests
{
    private string _dir = "", _run = "";

    [SetUp]
    public void MakeDir()
    {
        _dir = Directory.CreateTempSubdirectory("kernelgen-cli-diverge-").FullName;
        _run = Path.Combine(_dir, "run");
    }

    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void DivergenceInTheFirstEpochSaysSoAndHowToStartAgain()
    {
        // The built-in VAE's 400 hidden units at rate 10 blow up within a few steps (tiny ones survive an epoch).
        var line = CliAssert.Failed(Kernelgen.Run(_dir, "train", "vae", "--lr", "10", "--limit", "2000", "--device", "cpu", "--epochs", "2", "--out", _run));
        Assert.That(line, Does.StartWith("kernelgen: Training diverged in epoch 1 at step "));
        Assert.That(line, Does.Contain("NaN").And.Contain("first non-finite: parameter '"));
        Assert.That(line, Does.Contain("No checkpoint was written").And.Contain("--overwrite").And.EndWith("--lr 1"));
        Assert.That(File.Exists(Path.Combine(_run, "checkpoint.safetensors")), Is.False);
    }

    [Test]
    public void TheGraphsFiniteCheckNamesTheFirstNodeThatProducedNaN()
    {
        var line = CliAssert.Failed(Kernelgen.Run(_dir, "train", "vae", "--lr", "10", "--limit", "2000", "--device", "cpu", "--epochs", "2", "--out", _run, "--check-finite"));
        Assert.That(line, Does.Contain("Training diverged in epoch 1 at step ").And.Contain("the graph's finite check failed"));
        Assert.That(line, Does.Contain("NaN or infinity first produced by").And.Contain("of graph 'vae"));
    }

    [Test]
    public void DivergenceKeepsTheLastGoodCheckpointAndTheRunResumesWithALowerRate()
    {
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(_run, 1)));
        var checkpoint = Path.Combine(_run, "checkpoint.safetensors");
        var good = File.ReadAllBytes(checkpoint);

        var line = CliAssert.Failed(Kernelgen.Run(_dir, "train", "vae", "--resume", "--out", _run, "--limit", "512", "--device", "cpu", "--epochs", "3", "--lr", "10"));
        Assert.That(line, Does.Contain("Training diverged in epoch 2 at step "));
        Assert.That(line, Does.Contain($"The last good checkpoint (epoch 1) is kept in {checkpoint}"));
        var advice = line[(line.IndexOf("kernelgen train", StringComparison.Ordinal) + "kernelgen ".Length)..];
        Assert.That(advice, Does.Contain("--resume").And.EndsWith("--lr 1"));
        Assert.That(File.ReadAllBytes(checkpoint), Is.EqualTo(good), "the diverged state was not saved");
        var rows = File.ReadAllLines(Path.Combine(_run, "metrics.jsonl"));
        Assert.That(rows.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("epoch").GetInt32()), Is.EqualTo(new[] { 1 }));

        // Follow the advice as a user would, each time with the rate it gives, until a run goes through.
        for (int attempt = 0; ; attempt++)
        {
            Assert.That(attempt, Is.LessThan(4), "still diverging after three tenths of the rate");
            Assert.That(advice, Does.Contain("--device cpu"), "the advice keeps the device typed");
            var resumed = Kernelgen.Run(_dir, advice.Split(' '));
            Assert.That(resumed.Stdout, Does.Contain("resuming from epoch 1"), resumed.ToString());
            if (resumed.ExitCode == 0) break;
            var again = CliAssert.Failed(resumed);
            Assert.That(again, Does.Contain("The last good checkpoint (epoch 1) is kept"));
            Assert.That(File.ReadAllBytes(checkpoint), Is.EqualTo(good));
            advice = again[(again.IndexOf("kernelgen train", StringComparison.Ordinal) + "kernelgen ".Length)..];
        }
        Assert.That(SafeTensors.Read(checkpoint).Metadata["epoch"], Is.EqualTo("3"));
        Assert.That(File.ReadAllLines(Path.Combine(_run, "metrics.jsonl")), Has.Length.EqualTo(3));
    }
}
