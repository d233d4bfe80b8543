using System.Text.Json;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Cli;

/// <summary>kernelgen train through the real executable: outputs each epoch, resume, Ctrl-C.</summary>
public sealed class CliTrainTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-cli-train-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static int[] Epochs(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("epoch").GetInt32()).ToArray();

    [Test]
    public void TrainWritesGridsMetricsLossCurveAndCheckpointEachEpochAndSaysWhereTheImagesAre()
    {
        var run = Path.Combine(_dir, "run");
        var r = Kernelgen.Run(_dir, Kernelgen.TinyTrain(run, 2));
        CliAssert.Succeeded(r);
        foreach (var epoch in new[] { "001", "002" })
        {
            var samples = CliAssert.Png(Path.Combine(run, $"samples-epoch{epoch}.png"));
            Assert.That(samples.Pixels.Distinct().Count(), Is.GreaterThan(2), "a sample grid is not blank");
            CliAssert.Png(Path.Combine(run, $"reconstructions-epoch{epoch}.png"));
        }
        Assert.That(Epochs(run), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(File.ReadAllLines(Path.Combine(run, "metrics.csv")), Has.Length.EqualTo(3));
        Assert.That(File.ReadAllText(Path.Combine(run, "loss.svg")), Does.StartWith("<svg").And.Contain("train_loss").And.Contain("test_loss"));
        var meta = SafeTensors.Read(Path.Combine(run, "checkpoint.safetensors")).Metadata;
        Assert.That((meta["model"], meta["epoch"]), Is.EqualTo(("vae", "2")));
        Assert.That(r.Stdout, Does.Contain("epoch 2/2").And.Contain("loss").And.Contain("images/s"), "progress with throughput and losses");
        Assert.That(r.Stdout, Does.Contain("Images:").And.Contain(Path.Combine(run, "samples-epoch002.png")));
    }

    [Test]
    public void ResumeContinuesTheEpochNumberingAndAppendsMetrics()
    {
        var run = Path.Combine(_dir, "run");
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(run, 1)));
        var r = Kernelgen.Run(_dir, ["train", "vae", "--resume", "--out", run, "--limit", "512", "--device", "cpu", "--epochs", "3"]);
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("resuming from epoch 1").And.Contain("--hidden 32 --latent 2"), "options come from the checkpoint");
        Assert.That(Epochs(run), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(File.ReadAllLines(Path.Combine(run, "metrics.csv")), Has.Length.EqualTo(4));
        CliAssert.Png(Path.Combine(run, "samples-epoch003.png"));
        Assert.That(Models.SvgPlotTests.XTickLabels(File.ReadAllText(Path.Combine(run, "loss.svg"))), Is.EqualTo(new[] { "1", "2", "3" }),
            "the loss curve of the 3-epoch run ticks whole epochs only");
        Assert.That(SafeTensors.Read(Path.Combine(run, "checkpoint.safetensors")).Metadata["epoch"], Is.EqualTo("3"));

        var again = Kernelgen.Run(_dir, ["train", "vae", "--resume", "--out", run, "--limit", "512", "--device", "cpu", "--epochs", "3"]);
        CliAssert.Succeeded(again);
        Assert.That(again.Stdout, Does.Contain("already trained 3 epoch(s)"));
        Assert.That(Epochs(run), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void ResumedRunEndsWithTheSameParametersAsAnUninterruptedOne()
    {
        var straight = Path.Combine(_dir, "straight");
        var resumed = Path.Combine(_dir, "resumed");
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(straight, 2)));
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(resumed, 1)));
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(resumed, 2, "--resume")));
        var a = SafeTensors.Read(Path.Combine(straight, "checkpoint.safetensors")).Tensors;
        var b = SafeTensors.Read(Path.Combine(resumed, "checkpoint.safetensors")).Tensors;
        Assert.That(b.Keys, Is.EquivalentTo(a.Keys));
        foreach (var (name, entry) in a) Assert.That(b[name].Data, Is.EqualTo(entry.Data), $"{name} differs after resuming (CPU: exact)");
    }

    [Test]
    public void OverwriteStartsAnEarlierRunOver()
    {
        var run = Path.Combine(_dir, "run");
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(run, 2)));
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(run, 1, "--overwrite")));
        Assert.That(Epochs(run), Is.EqualTo(new[] { 1 }));
        Assert.That(File.Exists(Path.Combine(run, "samples-epoch002.png")), Is.False);
    }

    [Test]
    public void CtrlCSavesACheckpointExitsWith130AndTheRunResumes()
    {
        var run = Path.Combine(_dir, "run");
        string[] args = ["train", "vae", "--hidden", "32", "--latent", "2", "--batch", "32", "--limit", "4096", "--device", "cpu", "--epochs", "200", "--out", run];
        using var p = Kernelgen.Start(_dir, args);
        try
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = new System.Text.StringBuilder();
            string? line;
            while ((line = p.StandardOutput.ReadLine()) is not null)
            {
                stdout.AppendLine(line);
                if (line.StartsWith("epoch 2/200  batch", StringComparison.Ordinal)) break; // in the middle of epoch 2
            }
            Assert.That(line, Is.Not.Null, "training ended before epoch 2:\n" + stdout);
            Kernelgen.Interrupt(p);
            var rest = p.StandardOutput.ReadToEndAsync();
            Assert.That(p.WaitForExit(TimeSpan.FromSeconds(60)), "kernelgen did not stop after SIGINT");
            stdout.Append(rest.Result);
            Assert.That(p.ExitCode, Is.EqualTo(130), stdout + stderr.Result);
            Assert.That(stdout.ToString(), Does.Contain("Interrupted: checkpoint saved").And.Contain("--resume"));
        }
        finally
        {
            if (!p.HasExited) p.Kill();
        }
        var meta = SafeTensors.Read(Path.Combine(run, "checkpoint.safetensors")).Metadata;
        int epoch = int.Parse(meta["epoch"]), batch = int.Parse(meta["batch"]);
        Assert.That(epoch * 1000 + batch, Is.GreaterThan(1000), "the checkpoint is past epoch 1");
        int done = Epochs(run).Length;
        Assert.That(done, Is.EqualTo(epoch), "metrics lines of the complete epochs");

        var resumed = Kernelgen.Run(_dir, ["train", "vae", "--resume", "--out", run, "--limit", "4096", "--device", "cpu", "--epochs", (epoch + 1).ToString()]);
        CliAssert.Succeeded(resumed);
        Assert.That(resumed.Stdout, Does.Contain($"resuming from epoch {epoch}"));
        Assert.That(Epochs(run), Is.EqualTo(Enumerable.Range(1, epoch + 1).ToArray()));
    }
}
