using KernelGen.Graph.Checkpoints;
using KernelGen.Tests.Models;

namespace KernelGen.Tests.Cli;

/// <summary>
/// What train declares and says through the real executable: labels checked against the class count, the grid
/// size, and an end hint naming only what the trained model can do.
/// </summary>
public sealed class CliTrainDataAndHintTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-cli-data-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private string Run => Path.Combine(_dir, "run");

    [TestCase("cvae")]
    [TestCase("classifier")]
    public void OneLabelPastTheClassCountNamesTheFileAndTheRecord(string model)
    {
        var data = Path.Combine(_dir, "idx");
        IdxFiles.WriteSplit(data, count: 128, label: i => i == 37 ? (byte)200 : (byte)(i % 10));
        var r = Kernelgen.Run(_dir, "train", model, "--data", data, "--device", "cpu", "--epochs", "1", "--out", Run);
        CliAssert.BadInput(r, Path.Combine(data, "train-labels-idx1-ubyte"), "label 200 of item 37 (offset 45)", "0..9", "--classes N");
        Assert.That(Directory.Exists(Run) && Directory.EnumerateFiles(Run).Any(), Is.False, "nothing written");
    }

    [Test]
    public void DeclaredClassesAreTheModelsClasses()
    {
        var data = Path.Combine(_dir, "idx");
        IdxFiles.WriteSplit(data, count: 128, label: i => (byte)(i % 12));
        CliAssert.Succeeded(Kernelgen.Run(_dir, "train", "cvae", "--hidden", "32", "--latent", "2", "--batch", "64", "--data", data, "--classes", "12",
            "--device", "cpu", "--epochs", "1", "--out", Run));
        Assert.That(SafeTensors.Read(Path.Combine(Run, "checkpoint.safetensors")).Metadata["image"], Is.EqualTo("28x28x12"));
    }

    [Test]
    public void ClassesThatContradictTheNamedDataAreRefused() =>
        CliAssert.BadInput(Kernelgen.Run(_dir, Kernelgen.TinyTrain(Run, 1, "--classes", "12")), "--classes 12", "mnist", "10 classes");

    [Test]
    public void SamplesZeroWritesNoGridsAndTheRunStillCheckpoints()
    {
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(Run, 1, "--samples", "0")));
        Assert.That(Directory.GetFiles(Run, "*.png"), Is.Empty);
        Assert.That(File.Exists(Path.Combine(Run, "checkpoint.safetensors")));
    }

    [TestCase("ae", "try: kernelgen reconstruct --checkpoint", "sample")]
    [TestCase("classifier", "try: kernelgen summary --checkpoint", "reconstruct")]
    [TestCase("vae", "try: kernelgen sample --checkpoint", null)]
    public void TheEndHintSuggestsWhatTheModelCanDo(string model, string hint, string? cannot)
    {
        var r = Kernelgen.Run(_dir, "train", model, "--batch", "64", "--limit", "256", "--device", "cpu", "--epochs", "1", "--out", Run);
        CliAssert.Succeeded(r);
        var line = r.Stdout.Split('\n').Single(l => l.StartsWith("Checkpoint: ", StringComparison.Ordinal));
        Assert.That(line, Does.Contain(hint));
        if (cannot is not null) Assert.That(line, Does.Not.Contain($"kernelgen {cannot}").And.Not.Contain($" {cannot},").And.Not.Contain($": {cannot}"));
    }
}
