using KernelGen.Interchange.Onnx;
using KernelGen.Models;
using KernelGen.Tests.Generator;
using KernelGen.Tests.Interchange;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Docs;

/// <summary>
/// docs/interchange.md: its table of every part's inputs and outputs is what the models declare, and its ONNX Runtime
/// program (examples/OnnxGenerator/Generator.cs) is on the page and turns an exported generator or decoder into pixels.
/// </summary>
public sealed class InterchangeDocsTests
{
    private static string Page => File.ReadAllText(GeneratorTests.FindRepoFile("docs/interchange.md")).Replace("\r", "");

    /// <summary>"x (N, 784)" for each input or output of a part, N being the dynamic batch.</summary>
    private static string Signature(IEnumerable<(string Name, KernelGen.Graph.Tensor Tensor)> values) =>
        string.Join(", ", values.Select(v => $"{v.Name} (N{string.Concat(v.Tensor.Shape.ToArray().Skip(1).Select(d => $", {d}"))}){(v.Tensor.DType == KernelGen.Graph.DType.Int32 ? " int64" : "")}"));

    public static IEnumerable<string> Rows()
    {
        using var cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        foreach (var entry in ModelRegistry.All)
        {
            using var model = entry.Create((ModelOptions)Activator.CreateInstance(entry.OptionsType)!);
            model.Build(cpu, 28, 28, 10);
            foreach (var name in model.InferenceParts)
            {
                var part = model.DeclarePart(name);
                yield return $"| {entry.Name} | {name} | {Signature(part.Graph.Inputs.OrderBy(t => t.DType == KernelGen.Graph.DType.Int32).Select(t => (t.Name, t)))} | {Signature(part.Outputs.Select(o => (o.Name, o.Tensor)))} |";
            }
        }
    }

    [Test]
    public void ThePageListsEveryPartWithItsInputsAndOutputs()
    {
        var missing = Rows().Where(row => !Page.Contains(row)).ToList();
        Assert.That(missing, Is.Empty, "rows docs/interchange.md lacks (default options, 28×28 images, 10 classes):\n" + string.Join("\n", missing));
    }

    [Test]
    public void TheOnnxRuntimeProgramIsOnThePageAndMakesPixels()
    {
        var source = File.ReadAllText(GeneratorTests.FindRepoFile("examples/OnnxGenerator/Generator.cs")).Replace("\r", "");
        Assert.That(Page, Does.Contain(source.Trim()), "the program on docs/interchange.md differs from examples/OnnxGenerator/Generator.cs");
        OnnxRuntimeRun.RequireNativeLibrary();
        using var cpu = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        var dir = Directory.CreateTempSubdirectory("kernelgen-onnx-example-").FullName;
        try
        {
            foreach (var (name, part) in new[] { ("dcgan", PartNames.Generator), ("vae", PartNames.Decoder) })
            {
                using var model = ExportedModels.Built(cpu, name, "", ExportedModels.Steps(name));
                var path = Path.Combine(dir, $"{name}.onnx");
                OnnxExport.Export(model, part, path);
                var pixels = KernelGen.Examples.OnnxGenerator.Generator.Generate(path, 3, seed: 7);
                Assert.That(pixels, Has.Length.EqualTo(3 * 784).And.All.InRange(0f, 1f), name);
                Assert.That(pixels.Distinct().Count(), Is.GreaterThan(100), $"{name}: varied pixels");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
