using KernelGen.Tests.Interchange;
using Microsoft.ML.OnnxRuntime;

namespace KernelGen.Tests.Cli;

/// <summary><c>kernelgen export</c> through the real executable, on one tiny VAE trained once.</summary>
public sealed class CliExportTests
{
    private string _dir = "", _checkpoint = "";

    [OneTimeSetUp]
    public void TrainOnce() => (_dir, _checkpoint) = Kernelgen.TrainCheckpoint("kernelgen-cli-export-", run => Kernelgen.TinyTrain(run, 1));

    [OneTimeTearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private Kernelgen.Result Export(params string[] args) =>
        Kernelgen.Run(_dir, ["export", "--checkpoint", _checkpoint, "--device", "cpu", .. args]);

    [Test]
    public void WritesADecoderThatOnnxRuntimeRuns()
    {
        var path = Path.Combine(_dir, "out", "decoder.onnx");
        var r = Export("--part", "decoder", "--out", path);
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain(path).And.Contain("opset 17"));
        OnnxRuntimeRun.RequireNativeLibrary();
        using var session = new InferenceSession(path);
        Assert.That(session.ModelMetadata.CustomMetadataMap["kernelgen.model"], Is.EqualTo("vae"));
        var image = OnnxRuntimeRun.Run(session, [new("z", [3, 2], [0f, 0f, 1f, -1f, 0.5f, 2f])])["image"];
        Assert.That(image, Has.Length.EqualTo(3 * 784).And.All.InRange(0f, 1f));
    }

    [Test]
    public void DefaultsToAFileBesideTheCheckpoint()
    {
        CliAssert.Succeeded(Export("--part", "encoder"));
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(_checkpoint)!, "vae-encoder.onnx")));
    }

    [Test]
    public void APartTheModelLacksNamesThePartsItHasAndWritesNothing()
    {
        var path = Path.Combine(_dir, "none", "generator.onnx");
        CliAssert.BadInput(Export("--part", "generator", "--out", path), "'vae' model", "has no part 'generator'", "its parts: encoder, decoder, model");
        Assert.That(Directory.Exists(Path.GetDirectoryName(path)) ? Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!) : [], Is.Empty);
    }

    [Test]
    public void AnUnknownPartListsTheAcceptedOnes() =>
        CliAssert.BadInput(Export("--part", "discriminator"), "discriminator", "decoder", "classifier");

    [Test]
    public void AnUnwritableOutIsOneLineAndLeavesNothing()
    {
        var blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var before = CliAssert.Snapshot(_dir);
        CliAssert.BadInput(Export("--part", "decoder", "--out", Path.Combine(blocker, "decoder.onnx")), "cannot be written");
        Assert.That(CliAssert.Snapshot(_dir).Keys, Is.EquivalentTo(before.Keys), "no file added or removed");
    }
}
