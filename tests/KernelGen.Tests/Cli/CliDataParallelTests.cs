using System.Diagnostics;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Cli;

/// <summary>
/// Data-parallel training through the real kernelgen under Open MPI's mpirun: two ranks sharing each global batch reach
/// the parameters one rank reaches alone, a killed rank stops the job with a message naming it and leaves the last
/// complete checkpoint (which resumes with another number of ranks), and ranks started wrongly are one line each.
/// </summary>
public sealed class CliDataParallelTests
{
    private string _dir = "", _run = "";

    [SetUp]
    public void MakeDir()
    {
        _dir = Directory.CreateTempSubdirectory("kernelgen-cli-dp-").FullName;
        _run = Path.Combine(_dir, "run");
    }

    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private string Checkpoint(string run) => Path.Combine(run, "checkpoint.safetensors");

    private static void RequireOpenCl()
    {
        if (!Support.TestDevices.Context.Devices.Any(d => d.Backend == Backend.OpenCL))
            Assert.Ignore($"OpenCL backend unavailable: {Support.TestDevices.Context.Backends.First(b => b.Backend == Backend.OpenCL).Detail}");
    }

    /// <summary>
    /// 20 steps of a global batch of 128, on one rank and on two of 64 each: every tensor of the checkpoints (parameters and
    /// optimizer state) within 1e-5 relative in the 2-norm, ‖two − one‖ ≤ 1e-5·‖one‖. Not element by element: the two
    /// halves' gradient sums round differently from the whole batch's (a few ulp), and Adam divides a coordinate whose
    /// gradient is nearly zero (a border pixel's weight) by the root of its tiny second moment, so such a coordinate may
    /// differ by 1e-5 of the tensor's largest value (measured: up to 4.5e-5, for 84 of 313,600 weights on OpenCL's
    /// conv-ae), while the tensors agree to 5e-6 in the norm.
    /// </summary>
    [TestCase("cpu", "vae")]
    [TestCase("cpu", "gan")]
    [TestCase("cpu", "conv-ae")]
    [TestCase("opencl", "vae")]
    [TestCase("opencl", "gan")]
    [TestCase("opencl", "conv-ae")]
    public void TwoRanksReachTheParametersOfOneRank(string device, string model)
    {
        if (device == "opencl") RequireOpenCl();
        _ = Mpirun.Executable;
        string[] Train(string run) => ["train", model, "--device", device, "--batch", "128", "--limit", "2560", "--epochs", "1", "--samples", "0", "--out", run];
        string alone = Path.Combine(_dir, "alone"), shared = Path.Combine(_dir, "shared");
        CliAssert.Succeeded(Kernelgen.Run(_dir, Train(alone), 300, allBackends: true));
        var two = Mpirun.Run(_dir, 2, [.. Train(shared), "--data-parallel"], allBackends: true);
        CliAssert.Succeeded(two);
        Assert.That(two.Stdout, Does.Contain("Data-parallel over 2 rank(s), 64 of the 128 images of each batch per rank"));

        var (one, oneMeta) = SafeTensors.Read(Checkpoint(alone));
        var (both, bothMeta) = SafeTensors.Read(Checkpoint(shared));
        Assert.That(bothMeta["model_steps"], Is.EqualTo(oneMeta["model_steps"]).And.EqualTo("20"));
        Assert.That(both.Keys, Is.EquivalentTo(one.Keys));
        foreach (var (name, expected) in one)
        {
            var actual = both[name].Data;
            double diff = Math.Sqrt(expected.Data.Zip(actual, (a, b) => (double)(a - b) * (a - b)).Sum());
            double norm = Math.Sqrt(expected.Data.Sum(a => (double)a * a));
            Assert.That(diff, Is.LessThanOrEqualTo(1e-5 * norm), $"{name}: ‖2 ranks − 1 rank‖ = {diff:g3}, ‖1 rank‖ = {norm:g3}");
        }
        Assert.That(Directory.GetFiles(shared).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')),
            Is.EquivalentTo(Directory.GetFiles(alone).Select(Path.GetFileName).Where(f => !f!.StartsWith('.'))), "rank 0 alone writes, what one rank writes");
    }

    [Test]
    public void AKilledRankStopsTheOthersAndLeavesTheLastCompleteCheckpoint()
    {
        _ = Mpirun.Executable;
        using var mpirun = Mpirun.Start(_dir, 2, ["train", "vae", "--data-parallel", "--device", "cpu", "--epochs", "40", "--samples", "0", "--out", _run]);
        var stdout = mpirun.StandardOutput.ReadToEndAsync();
        var stderr = mpirun.StandardError.ReadToEndAsync();
        var started = Stopwatch.StartNew();
        while (!File.Exists(Checkpoint(_run)) && !mpirun.HasExited && started.Elapsed < TimeSpan.FromMinutes(3)) Thread.Sleep(50);
        Assert.That(File.Exists(Checkpoint(_run)), "no checkpoint after the first epoch:\n" + (mpirun.HasExited ? stdout.Result + stderr.Result : "(still running)"));
        Thread.Sleep(700); // into the next epoch
        var rank1 = Mpirun.RankProcess(1, _run);
        Assert.That(rank1, Is.Not.Null, "rank 1's process was not found");
        Process.GetProcessById(rank1!.Value).Kill(); // SIGKILL: nothing of rank 1 runs after this
        var killed = Stopwatch.StartNew();
        if (!mpirun.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            mpirun.Kill(entireProcessTree: true);
            Assert.Fail("the other rank did not stop within 30 s of rank 1's death");
        }
        mpirun.WaitForExit();
        string output = stdout.Result + stderr.Result;
        TestContext.Progress.WriteLine($"mpirun ended {killed.Elapsed.TotalSeconds:0.0} s after rank 1 was killed, exit {mpirun.ExitCode}");
        Assert.That(mpirun.ExitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain("process rank 1").And.Contain("exited on signal 9"), "mpirun names the lost rank");
        Assert.That(stderr.Result, Does.Contain($"kernelgen: SIGTERM: rank 0 of 2: stopped by mpirun").And.Contain($"the last complete checkpoint is kept: {Checkpoint(_run)}"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");

        var (_, meta) = SafeTensors.Read(Checkpoint(_run)); // complete: it loads
        int epochs = int.Parse(meta["epoch"]);
        Assert.That(File.ReadAllLines(Path.Combine(_run, "metrics.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[0])),
            Is.EqualTo(Enumerable.Range(1, epochs)), "the metrics end where the checkpoint ends");
        // A kill during a save leaves at most the temporary file it was writing (never a partial checkpoint); the next run deletes it.
        Assert.That(Directory.GetFiles(_run).Select(Path.GetFileName).Where(f => f!.EndsWith(".tmp", StringComparison.Ordinal)),
            Has.All.StartWith("."), "only hidden temporary files besides the run's files");

        // Resumed with another number of ranks: one alone, then four.
        CliAssert.Succeeded(Kernelgen.Run(_dir, ["train", "vae", "--resume", "--out", _run, "--device", "cpu", "--epochs", (epochs + 1).ToString(), "--samples", "0"]));
        var four = Mpirun.Run(_dir, 4, ["train", "vae", "--data-parallel", "--resume", "--out", _run, "--device", "cpu", "--epochs", (epochs + 2).ToString(), "--samples", "0"]);
        CliAssert.Succeeded(four);
        Assert.That(four.Stdout, Does.Contain($"resuming from epoch {epochs + 1}"));
        Assert.That(SafeTensors.Read(Checkpoint(_run)).Metadata["epoch"], Is.EqualTo((epochs + 2).ToString()));
        Assert.That(Directory.GetFiles(_run, "*.tmp"), Is.Empty, "the resumed runs removed what the kill left");
    }

    [Test]
    public void DataParallelWithoutMpirunIsOneLine()
    {
        CliAssert.BadInput(Kernelgen.Run(_dir, Kernelgen.TinyTrain(_run, 1, "--data-parallel")), "--data-parallel", "not started by mpirun", "mpirun -np 2 kernelgen train vae --data-parallel");
        Assert.That(Directory.Exists(_run), Is.False);
    }

    [Test]
    public void RanksWithoutDataParallelAreOneLine() =>
        OneLine(Mpirun.Run(_dir, 2, Kernelgen.TinyTrain(_run, 1)), "mpirun started 2 ranks", "add --data-parallel");

    [Test]
    public void ABatchTheRanksCannotShareIsOneLine() =>
        OneLine(Mpirun.Run(_dir, 3, [.. Tiny(_run), "--batch", "100"]), "--batch 100", "3 ranks", "--batch 99");

    [Test]
    public void RanksWithDifferentOptionsAreOneLine() =>
        OneLine(Mpirun.RunEach(_dir, [(1, [.. Tiny(_run), "--seed", "1"]), (1, [.. Tiny(_run), "--seed", "2"])]), "options", "rank 1 differs from rank 0");

    [Test]
    public void RanksWithDifferentModelsAreOneLine() =>
        OneLine(Mpirun.RunEach(_dir, [(1, Tiny(_run)), (1, Tiny(_run, hidden: 48))]), "models", "rank 1 differs from rank 0");

    [Test]
    public void RanksWithDifferentEpochsAreOneLine() =>
        OneLine(Mpirun.RunEach(_dir, [(1, Tiny(_run)), (1, Tiny(_run, epochs: 3))]), "--epochs", "rank 1 differs from rank 0");

    [Test]
    public void RanksOnDifferentDeviceKindsAreOneLine()
    {
        RequireOpenCl();
        OneLine(Mpirun.RunEach(_dir, [(1, Tiny(_run)), (1, Tiny(_run, device: "opencl"))], allBackends: true), "device kinds", "rank 1 differs from rank 0");
    }

    /// <summary>A short data-parallel run (by default on the CPU, one epoch).</summary>
    private static string[] Tiny(string run, int hidden = 32, string device = "cpu", int epochs = 1) =>
        ["train", "vae", "--data-parallel", "--hidden", hidden.ToString(), "--latent", "2", "--limit", "512", "--samples", "0", "--out", run,
            "--device", device, "--epochs", epochs.ToString()];

    /// <summary>mpirun's exit code 2 (the ranks' bad-input code), and exactly one line of kernelgen's among mpirun's own notices.</summary>
    private void OneLine(Kernelgen.Result r, params string[] fragments)
    {
        Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
        var ours = (r.Stdout + r.Stderr).Split('\n').Where(l => l.StartsWith("kernelgen: ", StringComparison.Ordinal)).ToList();
        Assert.That(ours, Has.Count.EqualTo(1), r.ToString());
        foreach (var f in fragments) Assert.That(ours[0], Does.Contain(f));
        Assert.That(r.Stdout + r.Stderr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(File.Exists(Checkpoint(_run)), Is.False, "nothing trained");
    }
}
