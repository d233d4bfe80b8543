using System.Text;
using KernelGen.Graph.Checkpoints;
using KernelGen.Kernels;
using KernelGen.Models;
using KernelGen.Models.Interchange;
using KernelGen.Tests.Cli;

namespace KernelGen.Tests.Interchange;

/// <summary>
/// 'kernelgen import' on bad input: one line on stderr naming what is wrong, exit code 2, and nothing written
/// (no checkpoint, no temporary file). The state dicts are written here, from a built VAE's tensors under the
/// twin's names, so these tests need no PyTorch.
/// </summary>
[NonParallelizable]
public sealed class TorchImportBadInputTests
{
    private static readonly string[] VaeOptions = ["--hidden", "32", "--latent", "5", "--batch-size", "4"];
    private string _dir = null!;
    private string Out => Path.Combine(_dir, "out", "imported.safetensors");

    [SetUp]
    public void MakeFolder()
    {
        _dir = Directory.CreateTempSubdirectory("kernelgen-import-").FullName;
        Directory.CreateDirectory(Path.GetDirectoryName(Out)!);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>The twin state_dict of a VAE with <see cref="VaeOptions"/>: name → tensor, in the model's order.</summary>
    private static Dictionary<string, SafeTensors.Entry> VaeStateDict()
    {
        using var context = Context.Create(Backend.Cpu);
        using var cpu = context.GetDevice("cpu").CreateAccelerator();
        var entry = ModelRegistry.Get("vae");
        using var model = entry.Create(ModelRegistry.ParseOptions(entry, new Dictionary<string, string> { ["hidden"] = "32", ["latent"] = "5", ["batch-size"] = "4" }));
        model.Build(cpu, 28, 28, 10);
        return model.Store.Specs.ToDictionary(s => TorchNames.ToTwin("vae", s.Name), s => new SafeTensors.Entry(s.Shape.ToArray(), model.Store.Read(s.Name)));
    }

    private string Write(Dictionary<string, SafeTensors.Entry> tensors, string name = "state.safetensors")
    {
        var path = Path.Combine(_dir, name);
        SafeTensors.Write(path, tensors, new Dictionary<string, string>());
        return path;
    }

    private Kernelgen.Result Import(string file, string model = "vae", string[]? options = null, string? output = null) =>
        Kernelgen.Run(_dir, ["import", "--from", "torch-safetensors", file, "--model", model, .. options ?? VaeOptions, "--out", output ?? Out]);

    /// <summary>Exit 2, one "kernelgen: " line containing every fragment, and nothing in the output folder.</summary>
    private void AssertRefused(Kernelgen.Result result, params string[] fragments)
    {
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(lines[0], Does.StartWith("kernelgen: "));
        foreach (var f in fragments) Assert.That(lines[0], Does.Contain(f));
        var folder = Path.GetDirectoryName(Out)!;
        if (Directory.Exists(folder)) Assert.That(Directory.GetFileSystemEntries(folder), Is.Empty, "nothing may be written");
        Assert.That(AtomicFile.Leftovers(_dir), Is.Empty);
    }

    [Test]
    public void A_good_state_dict_imports_samples_and_resumes_training()
    {
        var result = Import(Write(VaeStateDict()));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(ModelRegistry.FromCheckpoint(Out).Kind, Is.EqualTo("vae"));
        var sample = Kernelgen.Run(_dir, "sample", "--checkpoint", Out, "--device", "cpu", "--count", "4");
        Assert.That(sample.ExitCode, Is.Zero, sample.ToString());
        var run = Path.Combine(_dir, "run");
        Directory.CreateDirectory(run);
        File.Copy(Out, Path.Combine(run, "checkpoint.safetensors"));
        var train = Kernelgen.Run(_dir, ["train", "vae", .. VaeOptions, "--device", "cpu", "--out", run, "--resume", "--epochs", "1", "--limit", "16", "--samples", "0"]);
        Assert.That(train.ExitCode, Is.Zero, train.ToString());
        Assert.That(SafeTensors.Read(Path.Combine(run, "checkpoint.safetensors")).Metadata["epoch"], Is.EqualTo("1"));
    }

    [Test]
    public void A_state_dict_of_another_model_is_refused_naming_the_tensors()
    {
        AssertRefused(Import(Write(VaeStateDict()), "ae", ["--hidden", "16"]),
            "does not fit model 'ae'", "none of its 10 tensors", "missing enc0.weight (16, 784)", "extra fc1.weight");
    }

    [Test]
    public void A_kernelgen_checkpoint_is_refused()
    {
        using var context = Context.Create(Backend.Cpu);
        using var cpu = context.GetDevice("cpu").CreateAccelerator();
        using var model = ModelRegistry.Get("gan").Create(new KernelGen.Models.Gans.GanOptions { Hidden = 8, Latent = 4, BatchSize = 4 });
        model.Build(cpu, 28, 28, 10);
        var checkpoint = Path.Combine(_dir, "gan.safetensors");
        model.Save(checkpoint);
        AssertRefused(Import(checkpoint), "is a KernelGen checkpoint of a 'gan' model", "scripts/export_torch.py");
    }

    [Test]
    public void Missing_tensors_are_named_with_their_shapes()
    {
        var state = VaeStateDict();
        state.Remove("fc3.weight");
        state.Remove("fc4.bias");
        AssertRefused(Import(Write(state)), "missing fc3.weight (32, 5), fc4.bias (784)");
    }

    [Test]
    public void Extra_tensors_are_named()
    {
        var state = VaeStateDict();
        state["fc5.weight"] = new([2, 2], new float[4]);
        AssertRefused(Import(Write(state)), "extra fc5.weight");
    }

    [Test]
    public void A_wrong_shape_names_the_tensor_the_expected_and_the_given_shape()
    {
        var state = VaeStateDict();
        state["fc1.weight"] = new([32, 700], new float[32 * 700]);
        AssertRefused(Import(Write(state)), "wrong shape: fc1.weight is (32, 700), expected (32, 784)");
    }

    /// <summary>A safetensors file of raw tensors (name, dtype, shape, little-endian bytes), as another writer makes it.</summary>
    private string WriteRaw(IEnumerable<(string Name, string DType, int[] Shape, byte[] Data)> tensors)
    {
        var header = new System.Text.Json.Nodes.JsonObject();
        var data = new List<byte>();
        foreach (var (name, dtype, shape, bytes) in tensors)
        {
            header[name] = new System.Text.Json.Nodes.JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new System.Text.Json.Nodes.JsonArray(shape.Select(d => (System.Text.Json.Nodes.JsonNode?)d).ToArray()),
                ["data_offsets"] = new System.Text.Json.Nodes.JsonArray(data.Count, data.Count + bytes.Length),
            };
            data.AddRange(bytes);
        }
        var text = Encoding.UTF8.GetBytes(header.ToJsonString());
        var path = Path.Combine(_dir, "raw.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)text.Length), .. text, .. data]);
        return path;
    }

    private static IEnumerable<(string, string, int[], byte[])> AsF32(Dictionary<string, SafeTensors.Entry> state) =>
        state.Select(t => (t.Key, "F32", t.Value.Shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Value.Data.AsSpan()).ToArray()));

    [Test]
    public void A_wrong_dtype_names_the_tensor_and_the_dtype()
    {
        var state = VaeStateDict();
        state.Remove("fc1.bias");
        var path = WriteRaw([.. AsF32(state), ("fc1.bias", "F64", [32], new byte[32 * 8])]);
        AssertRefused(Import(path), path, "tensor 'fc1.bias'", "dtype F64", "only F32");
    }

    [Test]
    public void PyTorch_batchnorm_counters_are_ignored()
    {
        var result = Import(WriteRaw([.. AsF32(VaeStateDict()), ("fc1.num_batches_tracked", "I64", [], BitConverter.GetBytes(12L))]));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    public void A_truncated_file_names_the_file_and_the_offset()
    {
        var path = Write(VaeStateDict());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        AssertRefused(Import(path), path, "file offset", "truncated");
    }

    [Test]
    public void A_corrupt_header_names_the_file_and_the_offset()
    {
        var path = Write(VaeStateDict());
        var bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)'[';
        File.WriteAllBytes(path, bytes);
        AssertRefused(Import(path), path, "file offset 8");
    }

    [Test]
    public void A_missing_file_is_named()
    {
        AssertRefused(Import(Path.Combine(_dir, "absent.safetensors")), "absent.safetensors", "does not exist");
    }

    [Test]
    public void An_output_in_a_missing_folder_is_refused()
    {
        var output = Path.Combine(_dir, "no-such-folder", "imported.safetensors");
        AssertRefused(Import(Write(VaeStateDict()), output: output), "cannot be written", "does not exist");
        Assert.That(Directory.Exists(Path.GetDirectoryName(output)), Is.False);
    }

    [Test]
    public void An_output_that_is_a_folder_is_refused()
    {
        var folder = Path.Combine(_dir, "out", "a-folder");
        Directory.CreateDirectory(folder);
        var result = Import(Write(VaeStateDict()), output: folder);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("is a folder"));
        Assert.That(Directory.GetFileSystemEntries(folder), Is.Empty);
        Assert.That(AtomicFile.Leftovers(Path.GetDirectoryName(folder)!), Is.Empty);
    }

    [Test]
    public void An_unwritable_output_is_refused_and_leaves_no_temporary_file()
    {
        // Root writes anywhere a regular user cannot: /proc refuses new files to everyone.
        var result = Import(Write(VaeStateDict()), output: "/proc/kernelgen-import.safetensors");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr.Trim(), Does.StartWith("kernelgen: Output '/proc/kernelgen-import.safetensors' cannot be written"));
        Assert.That(File.Exists("/proc/kernelgen-import.safetensors"), Is.False);
    }

    [Test]
    public void An_output_that_is_the_input_is_refused_and_the_input_kept()
    {
        var input = Write(VaeStateDict());
        var before = File.ReadAllBytes(input);
        var result = Import(input, output: input);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("is the input file"));
        Assert.That(File.ReadAllBytes(input), Is.EqualTo(before));
    }

    [Test]
    public void A_bad_image_format_is_refused()
    {
        var input = Write(VaeStateDict());
        AssertRefused(Kernelgen.Run(_dir, ["import", "--from", "torch-safetensors", input, "--model", "vae", .. VaeOptions, "--image", "28x28", "--out", Out]),
            "--image '28x28' is not rows x cols x classes");
    }

    [Test]
    public void Bad_model_options_are_refused()
    {
        AssertRefused(Import(Write(VaeStateDict()), options: ["--hidden", "0"]), "--hidden");
        AssertRefused(Import(Write(VaeStateDict()), options: ["--no-such", "1"]), "--no-such");
        AssertRefused(Import(Write(VaeStateDict()), model: "nope"), "Unknown model 'nope'");
    }
}
