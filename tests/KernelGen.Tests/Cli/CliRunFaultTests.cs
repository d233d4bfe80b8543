using System.Diagnostics;
using System.Text.Json;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Cli;

/// <summary>
/// Faults a real run meets, through the real executable: kill -9 at any moment, a full disk, leftovers of killed
/// writes, a second run into the same folder, a folder left with images only. Nothing is lost, the metrics files
/// agree with the checkpoint, and every refusal is one line.
/// </summary>
public sealed class CliRunFaultTests
{
    private string _dir = "", _run = "";

    [SetUp]
    public void MakeDir()
    {
        _dir = Directory.CreateTempSubdirectory("kernelgen-cli-fault-").FullName;
        _run = Path.Combine(_dir, "run");
    }

    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private string Checkpoint => Path.Combine(_run, "checkpoint.safetensors");

    private int[] JsonEpochs() => File.ReadAllLines(Path.Combine(_run, "metrics.jsonl"))
        .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("epoch").GetInt32()).ToArray();

    private int[] CsvEpochs() => File.ReadAllLines(Path.Combine(_run, "metrics.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[0])).ToArray();

    private static string[] Resume(string run, int epochs) =>
        ["train", "vae", "--resume", "--out", run, "--limit", "512", "--device", "cpu", "--epochs", epochs.ToString()];

    [Test]
    public void KilledAtAnyMomentTheMetricsAgreeWithTheCheckpointAfterResume()
    {
        int epochs = 6;
        foreach (var ms in new[] { 900, 1400, 1900, 2600, 3300 })
        {
            // --resume every time: a kill before the first checkpoint leaves images only, which a resume starts afresh over.
            using var p = Kernelgen.Start(_dir, [.. Kernelgen.TinyTrain(_run, epochs), "--resume"]);
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(ms)) p.Kill(); // SIGKILL: no handler runs
            p.WaitForExit();
        }
        CliAssert.Succeeded(Kernelgen.Run(_dir, [.. Kernelgen.TinyTrain(_run, epochs), "--resume"]));
        var expected = Enumerable.Range(1, epochs).ToArray();
        Assert.That(JsonEpochs(), Is.EqualTo(expected));
        Assert.That(CsvEpochs(), Is.EqualTo(expected));
        Assert.That(AtomicFile.Leftovers(_run), Is.Empty);
    }

    [Test]
    public void ResumeRewritesStaleOrDuplicatedMetricsFromTheCheckpoint()
    {
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(_run, 2)));
        File.AppendAllText(Path.Combine(_run, "metrics.jsonl"), "{\"epoch\":2,\"train_loss\":1}\n{\"epoch\":3,\"train_loss\":1}\n{\"epoch\":3,\"tr");
        File.AppendAllText(Path.Combine(_run, "metrics.csv"), "2,1\n3,1\n");
        CliAssert.Succeeded(Kernelgen.Run(_dir, Resume(_run, 3)));
        Assert.That(JsonEpochs(), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(CsvEpochs(), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void AResumeOfACompleteRunBringsItsMetricsInLine()
    {
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(_run, 2)));
        var jsonl = Path.Combine(_run, "metrics.jsonl");
        File.WriteAllLines(jsonl, File.ReadAllLines(jsonl).Take(1)); // a kill after the last checkpoint, before its metrics
        var r = Kernelgen.Run(_dir, Resume(_run, 2));
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("has already trained 2 epoch(s)"));
        Assert.That(JsonEpochs(), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(CsvEpochs(), Is.EqualTo(new[] { 1, 2 }));
    }

    [TestCase("epoch", "x")]
    [TestCase("batch", "99999")]
    [TestCase("model_steps", "-1")]
    [TestCase("step", "1e3")]
    [TestCase("rng_offset", "-5")]
    [TestCase("metrics", "5")]
    public void ABadPositionFieldInTheCheckpointIsNamed(string field, string value)
    {
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(_run, 1)));
        var (tensors, meta) = SafeTensors.Read(Checkpoint);
        meta[field] = value;
        SafeTensors.Write(Checkpoint, tensors, meta);
        CliAssert.BadInput(Kernelgen.Run(_dir, Resume(_run, 2)), Checkpoint, $"metadata field '{field}'");
    }

    [TestCase("--resume")]
    [TestCase("--overwrite")]
    public void TemporaryFilesOfAKilledWriteAreRemoved(string flag)
    {
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(_run, 1)));
        var leftover = Path.Combine(_run, $".checkpoint.safetensors.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(leftover, "half a checkpoint");
        string[] args = flag == "--resume" ? Resume(_run, 2) : Kernelgen.TinyTrain(_run, 1, "--overwrite");
        CliAssert.Succeeded(Kernelgen.Run(_dir, args));
        Assert.That(File.Exists(leftover), Is.False);
    }

    [Test]
    public void ResumeOfAFolderWithImagesButNoCheckpointStartsAfresh()
    {
        Directory.CreateDirectory(_run);
        File.WriteAllBytes(Path.Combine(_run, "samples-epoch001.png"), [1, 2, 3]);
        var r = Kernelgen.Run(_dir, [.. Kernelgen.TinyTrain(_run, 1), "--resume"]);
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("No checkpoint in").And.Contain("starting afresh (replacing the 1 file(s)"));
        Assert.That(JsonEpochs(), Is.EqualTo(new[] { 1 }));
        CliAssert.Png(Path.Combine(_run, "samples-epoch001.png"));
    }

    [Test]
    public void ASecondRunIntoTheSameFolderIsRefusedNamingTheFirstAndTheLockDiesWithIt()
    {
        using var first = Kernelgen.Start(_dir, Kernelgen.TinyTrain(_run, 500));
        try
        {
            _ = first.StandardError.ReadToEndAsync();
            string? line;
            while ((line = first.StandardOutput.ReadLine()) is not null && !line.StartsWith("epoch 1/500  batch", StringComparison.Ordinal)) { }
            Assert.That(line, Is.Not.Null, "the first run ended early");
            var second = Kernelgen.Run(_dir, "train", "ae", "--out", _run, "--limit", "512", "--device", "cpu", "--epochs", "1", "--overwrite");
            CliAssert.BadInput(second, $"Output folder '{_run}' is in use by another run (pid {first.Id}:", "train vae", "--out DIR");
            first.Kill(); // kill -9: the OS drops the lock with the process
            first.WaitForExit();
        }
        finally
        {
            if (!first.HasExited) first.Kill();
        }
        CliAssert.Succeeded(Kernelgen.Run(_dir, Resume(_run, 1)));
    }

    [Test]
    public void AFullDiskWhileSavingACheckpointIsOneLineAndTheOldCheckpointSurvives()
    {
        Directory.CreateDirectory(_run);
        if (!Mount(_run, "1m")) Assert.Ignore("a small tmpfs cannot be mounted here (needs root or CAP_SYS_ADMIN), so a full disk cannot be made");
        try
        {
            CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(_run, 1))); // ~0.7 MB: a second checkpoint does not fit
            var good = File.ReadAllBytes(Checkpoint);
            var r = Kernelgen.Run(_dir, Resume(_run, 2));
            CliAssert.Failed(r, $"the checkpoint of epoch 2 to '{Checkpoint}'", "No space left on device");
            Assert.That(File.ReadAllBytes(Checkpoint), Is.EqualTo(good));
            Assert.That(SafeTensors.Read(Checkpoint).Metadata["epoch"], Is.EqualTo("1"));
            Assert.That(JsonEpochs(), Is.EqualTo(new[] { 1 }));
            Assert.That(AtomicFile.Leftovers(_run), Is.Empty);
        }
        finally
        {
            Unmount(_run);
        }
    }

    private static bool Mount(string dir, string size) => RunTool("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", dir) == 0;

    private static void Unmount(string dir) => RunTool("umount", dir);

    private static int RunTool(string tool, params string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true, UseShellExecute = false })!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
