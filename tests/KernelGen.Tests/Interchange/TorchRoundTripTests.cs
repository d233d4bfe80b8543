using KernelGen.Graph;
using KernelGen.Graph.Checkpoints;
using KernelGen.Kernels;
using KernelGen.Models;
using KernelGen.Tests.Cli;

namespace KernelGen.Tests.Interchange;

/// <summary>
/// Weights through Debian's PyTorch both ways, for every registered model (<see cref="TwinCases"/>), on the CPU
/// backend, in one Python process per model: a KernelGen checkpoint exported by scripts/export_torch.py into the
/// twin gives the twin KernelGen's outputs; a twin initialized at random, written by scripts/torch_to_safetensors.py
/// and read by 'kernelgen import', gives KernelGen the twin's outputs. Outputs agree within 1e-5 of the output's
/// largest magnitude.
/// </summary>
[NonParallelizable]
public sealed class TorchRoundTripTests
{
    private const double Tolerance = 1e-5;
    private const int Rows = 28, Cols = 28, Classes = 10;
    private Accelerator _cpu = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public void OpenCpu()
    {
        TwinScript.RequireTorch();
        _cpu = KernelGen.Tests.Support.TestDevices.Open("cpu");
    }

    [OneTimeTearDown]
    public void CloseCpu() => _cpu?.Dispose();

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("kernelgen-torch-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [TestCaseSource(typeof(TwinCases), nameof(TwinCases.All))]
    public void Weights_round_trip_through_the_pytorch_twin(string name, string[] options)
    {
        var entry = ModelRegistry.Get(name);
        using var exported = entry.Create(ModelRegistry.ParseOptions(entry, OptionTokens(options)));
        exported.Build(_cpu, Rows, Cols, Classes);
        Perturb(exported.Store);
        var checkpoint = Path.Combine(_dir, "kernelgen.safetensors");
        exported.Save(checkpoint);
        var (x, z, y) = Inputs(KernelGenOutputs.LatentSize(exported));
        var inputs = Path.Combine(_dir, "inputs.safetensors");
        SafeTensors.Write(inputs, new Dictionary<string, SafeTensors.Entry>
        {
            ["x"] = new([TwinCases.Inputs, Rows * Cols], x),
            ["z"] = new([TwinCases.Inputs, z.Length / TwinCases.Inputs], z),
            ["y"] = new([TwinCases.Inputs], Array.ConvertAll(y, v => (float)v)),
        }, new Dictionary<string, string>());
        string twinOfExport = Path.Combine(_dir, "twin-of-export.safetensors"), randomTwin = Path.Combine(_dir, "random-twin.safetensors");
        string stateDict = Path.Combine(_dir, "state-dict.safetensors");
        TwinScript.Run("--inputs", inputs, "--checkpoint", checkpoint, "--work", _dir, "--outputs", twinOfExport,
            "--state", stateDict, "--random-outputs", randomTwin, "--seed", "7");
        Compare("KernelGen → PyTorch", KernelGenOutputs.Of(exported, x, z, y), twinOfExport);

        var imported = Path.Combine(_dir, "imported.safetensors");
        var result = Kernelgen.Run(_dir, ["import", "--from", "torch-safetensors", stateDict, "--model", name, .. options, "--out", imported]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var model = ModelRegistry.FromCheckpoint(imported);
        model.Build(_cpu, Rows, Cols, Classes);
        model.Load(imported);
        Compare("PyTorch → KernelGen", KernelGenOutputs.Of(model, x, z, y), randomTwin);
    }

    /// <summary>
    /// BatchNorm statistics and affine parameters away from their initial 0 and 1, so that they matter; every other
    /// weight scaled by 1.25, so that a generator average (still the initial weights) differs from the weights.
    /// </summary>
    private static void Perturb(ParameterStore store)
    {
        var random = new Random(3);
        foreach (var spec in store.Specs)
        {
            bool batchNorm = store.Specs.Any(s => s.Name == spec.Name[..spec.Name.LastIndexOf('.')] + ".running_var");
            float low = spec.Name.EndsWith(".running_var") || spec.Name.EndsWith(".weight") ? 0.5f : -0.5f;
            store.Write(spec.Name, batchNorm ? Enumerable.Range(0, spec.Shape.Numel).Select(_ => low + (float)random.NextDouble()).ToArray()
                : store.Read(spec.Name).Select(v => 1.25f * v).ToArray());
        }
    }

    private static (float[] X, float[] Z, int[] Y) Inputs(int latent)
    {
        var random = new Random(11);
        var x = Enumerable.Range(0, TwinCases.Inputs * Rows * Cols).Select(_ => (float)random.NextDouble()).ToArray();
        var z = Enumerable.Range(0, TwinCases.Inputs * latent).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        return (x, z, [3, 0, 9, 5, 1]);
    }

    private static Dictionary<string, string> OptionTokens(string[] tokens) =>
        Enumerable.Range(0, tokens.Length / 2).ToDictionary(i => tokens[2 * i][2..], i => tokens[2 * i + 1]);

    private static void Compare(string direction, Dictionary<string, float[]> kernelgen, string twinOutputs)
    {
        var (twin, _) = SafeTensors.Read(twinOutputs);
        Assert.That(twin.Keys, Is.EquivalentTo(kernelgen.Keys), direction);
        foreach (var (output, ours) in kernelgen)
        {
            var theirs = twin[output].Data;
            Assert.That(ours, Has.Length.EqualTo(theirs.Length), $"{direction} {output}");
            double scale = Math.Max(theirs.Max(v => Math.Abs(v)), 1e-30), worst = 0;
            for (int i = 0; i < ours.Length; i++) worst = Math.Max(worst, Math.Abs(ours[i] - theirs[i]) / scale);
            TestContext.Progress.WriteLine($"{direction} {output}: max |KernelGen − PyTorch| / max |PyTorch| = {worst:E2}");
            Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"{direction} {output}");
        }
    }
}
