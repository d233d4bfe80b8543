using KernelGen.Interchange.Onnx;
using KernelGen.Models;
using KernelGen.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace KernelGen.Tests.Interchange;

/// <summary>
/// Every inference part of every registered model (and of a few variants) exported to ONNX and run by ONNX Runtime
/// gives KernelGen's own outputs on the CPU for the same inputs, at batch 1 and batch 7 (the batch axis is dynamic).
/// Tolerance: max |onnx − kernelgen| / max |kernelgen| ≤ 1e-5 per output, the error relative to the output's scale
/// (ORT and KernelGen sum in different orders; an element-wise relative error is meaningless where outputs cross 0).
/// </summary>
public sealed class OnnxExportTests
{
    private const double Tolerance = 1e-5;
    private Accelerator _cpu = null!;

    [OneTimeSetUp] public void OpenCpu() => _cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    [OneTimeTearDown] public void CloseCpu() => _cpu.Dispose();

    public static IEnumerable<TestCaseData> Parts() => ExportedModels.Cases();

    [TestCaseSource(nameof(Parts))]
    public void OnnxRuntimeAgreesWithKernelGen(string name, string extra, string part)
    {
        using var model = ExportedModels.Built(_cpu, name, extra, ExportedModels.Steps(name));
        var onnx = OnnxExport.ToBytes(model, part); // exported before KernelGen runs the part (a forward masks PixelCNN's stored weights)
        foreach (int batch in new[] { 1, 7 })
        {
            var run = PartRun.Both(model, part, onnx, batch, seed: batch);
            Assert.That(run.Onnx.Keys, Is.EquivalentTo(run.KernelGen.Keys), "output names");
            foreach (var (output, expected) in run.KernelGen)
            {
                double error = PartRun.RelativeError(run.Onnx[output], expected);
                TestContext.Progress.WriteLine($"{name} {extra} {part} batch {batch} {output}: relative error {error:E2} (scale {expected.Max(MathF.Abs):G3})");
                Assert.That(error, Is.LessThanOrEqualTo(Tolerance), $"{name} {part} '{output}' at batch {batch}");
            }
        }
    }

    [Test]
    public void EveryRegisteredModelHasAnExportablePart() =>
        Assert.That(ModelRegistry.All.Where(e => ExportedModels.Create(e.Name, "").InferenceParts.Count == 0).Select(e => e.Name), Is.Empty);

    [TestCase("opencl", "conv-vae", "model")]
    [TestCase("cuda", "conv-vae", "model")]
    [TestCase("opencl", "dcgan", "generator")]
    [TestCase("cuda", "dcgan", "generator")]
    public void AModelOnAnotherDeviceExportsWhatThatDeviceComputes(string backend, string name, string part)
    {
        using var device = TestDevices.Open(backend); // skipped with the reason where the backend is absent
        using var model = ExportedModels.Built(device, name, "", ExportedModels.Steps(name));
        var onnx = OnnxExport.ToBytes(model, part);
        var run = PartRun.Both(model, part, onnx, batch: 7, seed: 2);
        foreach (var (output, expected) in run.KernelGen)
            Assert.That(PartRun.RelativeError(run.Onnx[output], expected), Is.LessThanOrEqualTo(Tolerance), $"{name} {part} '{output}' on {backend}");
    }

    [Test]
    public void PixelCnnExportMasksWeightsThatNoForwardHasMaskedYet()
    {
        using var model = ExportedModels.Built(_cpu, "pixelcnn", "", steps: 0);
        var onnx = OnnxExport.ToBytes(model, PartNames.Model);
        var run = PartRun.Both(model, PartNames.Model, onnx, batch: 3, seed: 5);
        Assert.That(PartRun.RelativeError(run.Onnx["logits"], run.KernelGen["logits"]), Is.LessThanOrEqualTo(Tolerance));
    }

    [Test]
    public void TheVaeDecoderGivesTheImagesOfDecode()
    {
        using var model = ExportedModels.Built(_cpu, "vae", "", steps: 2);
        var z = Enumerable.Range(0, 5 * 4).Select(i => MathF.Sin(i)).ToArray();
        var onnx = OnnxRuntimeRun.Run(OnnxExport.ToBytes(model, PartNames.Decoder), [new("z", [5, 4], z)]);
        Assert.That(PartRun.RelativeError(onnx["image"], ((ILatentModel)model).Decode(z, 5)), Is.LessThanOrEqualTo(Tolerance));
    }

    [Test]
    public void TheDcganGeneratorGivesTheSamplesOfDecodeInMinusOneToOne()
    {
        using var model = ExportedModels.Built(_cpu, "dcgan", "", steps: 2);
        int latent = ((IDecoder)model).LatentSize;
        var z = Enumerable.Range(0, 3 * latent).Select(i => MathF.Cos(i)).ToArray();
        var onnx = OnnxRuntimeRun.Run(OnnxExport.ToBytes(model, PartNames.Generator), [new("z", [3, latent], z)])["image"];
        var pixels = onnx.Select(v => Math.Clamp(0.5f * (v + 1f), 0f, 1f)).ToArray();
        Assert.That(PartRun.RelativeError(pixels, ((IDecoder)model).Decode(z, 3)), Is.LessThanOrEqualTo(Tolerance));
    }

    [Test]
    public void AGanWithAWeightAverageExportsTheAveragedGeneratorThatSamplingUses()
    {
        using var model = ExportedModels.Built(_cpu, "gan", "generator-average=0.5", steps: 4);
        var z = Enumerable.Range(0, 3 * 4).Select(i => MathF.Cos(i)).ToArray();
        var onnx = OnnxRuntimeRun.Run(OnnxExport.ToBytes(model, PartNames.Generator), [new("z", [3, 4], z)])["image"];
        var pixels = onnx.Select(v => Math.Clamp(0.5f * (v + 1f), 0f, 1f)).ToArray();
        Assert.That(PartRun.RelativeError(pixels, ((IDecoder)model).Decode(z, 3)), Is.LessThanOrEqualTo(Tolerance));
        var trained = model.Store.Read("gen.out.weight");
        Assert.That(model.InferenceParameter("gen.out.weight"), Is.Not.EqualTo(trained), "the average differs from the trained weights after 4 steps");
    }

    [Test]
    public void TheFileNamesItsInputsOutputsOpsetAndOptions()
    {
        using var model = ExportedModels.Built(_cpu, "cvae", "", steps: 0);
        var path = Path.Combine(Path.GetTempPath(), $"kernelgen-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Export(model, PartNames.Encoder, path);
            OnnxRuntimeRun.RequireNativeLibrary();
            using var session = new InferenceSession(path);
            Assert.That(session.InputMetadata.Keys, Is.EquivalentTo(new[] { "x", "y" }));
            Assert.That(session.InputMetadata["y"].ElementType, Is.EqualTo(typeof(long)));
            Assert.That(session.InputMetadata["x"].Dimensions, Is.EqualTo(new[] { -1, 784 }), "a dynamic batch axis");
            Assert.That(session.InputMetadata["x"].SymbolicDimensions[0], Is.EqualTo("batch"));
            Assert.That(session.OutputMetadata.Keys, Is.EquivalentTo(new[] { "mu", "logvar" }));
            var meta = session.ModelMetadata.CustomMetadataMap;
            Assert.That(meta["kernelgen.model"], Is.EqualTo("cvae"));
            Assert.That(meta["kernelgen.part"], Is.EqualTo("encoder"));
            Assert.That(meta["kernelgen.image"], Is.EqualTo("28x28x10"));
            Assert.That(meta["kernelgen.option.latent"], Is.EqualTo("4"));
            Assert.That(meta["kernelgen.options"], Does.Contain("\"Latent\":4"));
            Assert.That(session.ModelMetadata.ProducerName, Is.EqualTo("KernelGen"));
            Assert.That(OnnxExport.Opset, Is.EqualTo(17));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
