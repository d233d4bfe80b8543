using System.Diagnostics;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Cli;

/// <summary>
/// PixelCNN draws its epoch grid one pixel at a time: the draw shows its progress, and Ctrl-C during it abandons
/// the grid, keeps the finished epoch in the checkpoint and exits with 130 right away.
/// </summary>
public sealed class CliPixelCnnGridTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-cli-pixelcnn-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private string[] Train(string run, int samples) =>
        ["train", "pixelcnn", "--channels", "8", "--layers", "2", "--output-channels", "8", "--batch", "32", "--limit", "256",
         "--device", "cpu", "--epochs", "2", "--samples", samples.ToString(), "--out", run];

    [Test]
    public void CtrlCWhileTheGridIsDrawnStopsAtOnceAndKeepsTheEpoch()
    {
        var run = Path.Combine(_dir, "run");
        using var p = Kernelgen.Start(_dir, Train(run, 512)); // ~30 s of drawing on 2 cores: far longer than the wait below
        try
        {
            var stderr = p.StandardError.ReadToEndAsync();
            string? line;
            while ((line = p.StandardOutput.ReadLine()) is not null && !line.StartsWith("epoch 1/2  drawing 512 samples: 25%", StringComparison.Ordinal)) { }
            Assert.That(line, Is.Not.Null, "no progress was shown while drawing");
            var clock = Stopwatch.StartNew();
            Kernelgen.Interrupt(p);
            var rest = p.StandardOutput.ReadToEndAsync();
            Assert.That(p.WaitForExit(TimeSpan.FromSeconds(20)), "kernelgen did not stop after SIGINT");
            TestContext.Progress.WriteLine($"SIGINT during the grid → exit after {clock.Elapsed.TotalSeconds:F2} s");
            Assert.That(p.ExitCode, Is.EqualTo(130), rest.Result + stderr.Result);
            Assert.That(rest.Result, Does.Contain("Interrupted: checkpoint saved"));
        }
        finally
        {
            if (!p.HasExited) p.Kill();
        }
        Assert.That(File.Exists(Path.Combine(run, "samples-epoch001.png")), Is.False, "the grid was abandoned, not finished");
        var meta = SafeTensors.Read(Path.Combine(run, "checkpoint.safetensors")).Metadata;
        Assert.That((meta["epoch"], meta["batch"]), Is.EqualTo(("1", "0")), "the finished epoch is kept");
        Assert.That(File.ReadAllLines(Path.Combine(run, "metrics.jsonl")), Has.Length.EqualTo(1));
    }
}
