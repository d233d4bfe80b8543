using KernelGen.Graph;
using KernelGen.Interchange.Onnx;
using KernelGen.Models;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Interchange;

/// <summary>What the export refuses: an op without an inference form names the node and the op, and a part a model lacks names those it has; neither leaves a file.</summary>
public sealed class OnnxExportErrorTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-onnx-errors-").FullName;

    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void AnOpWithoutAnInferenceFormNamesTheNodeAndTheOpAndWritesNothing()
    {
        var g = new GraphBuilder("noisy");
        var x = g.Input("x", 1, 4);
        var y = g.Add(g.Linear(x, 4, "fc"), g.RandomNormal(new Shape(1, 4), name: "noise"));
        var part = new InferencePart("model", g, [new("y", y)], "");
        var path = Path.Combine(_dir, "noisy.onnx");
        var e = Assert.Throws<NotSupportedException>(() => OnnxExport.Export(part, _ => new float[16], new Dictionary<string, string>(), path))!;
        Assert.That(e.Message, Does.Contain("node 'noise'").And.Contain("op RandomNormal").And.Contain("random"));
        Assert.That(Directory.EnumerateFileSystemEntries(_dir), Is.Empty, "no file, not even a temporary one");
    }

    [Test]
    public void ALossIsRefusedByName()
    {
        var g = new GraphBuilder("loss");
        var x = g.Input("x", 2, 3);
        var part = new InferencePart("model", g, [new("loss", g.Mse(x, g.Input("t", 2, 3), name: "mse"))], "");
        var e = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes(part, _ => [], new Dictionary<string, string>()))!;
        Assert.That(e.Message, Does.Contain("node 'mse'").And.Contain("op MSELoss"));
    }

    [Test]
    public void APartTheModelLacksNamesThePartsItHasAndWritesNothing()
    {
        using var cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        using var model = ExportedModels.Built(cpu, "gan", "", steps: 0);
        var path = Path.Combine(_dir, "gan.onnx");
        var e = Assert.Throws<ArgumentException>(() => OnnxExport.Export(model, PartNames.Encoder, path))!;
        Assert.That(e.Message, Does.Contain("'gan' has no part 'encoder'").And.Contain("its parts: generator"));
        Assert.That(Directory.EnumerateFileSystemEntries(_dir), Is.Empty);
    }
}
