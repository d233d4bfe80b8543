using System.Text.Json;

namespace KernelGen.Tests.Support;

/// <summary>
/// A PyTorch convention fixture: inputs, parameters, outputs and gradients that
/// tests/fixtures/torch/make_fixtures.py computed with PyTorch. Tests compare against them without PyTorch.
/// </summary>
public sealed class TorchFixture
{
    private readonly JsonElement _root;

    private TorchFixture(string name, JsonElement root)
    {
        Name = name;
        _root = root;
    }

    /// <summary>The fixture's file name without extension.</summary>
    public string Name { get; }

    /// <summary>Loads <c>fixtures/torch/{name}.json</c> from the test output folder.</summary>
    public static TorchFixture Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", name + ".json");
        if (!File.Exists(path))
            Assert.Fail($"fixture {path} is missing; regenerate with /usr/bin/python3 tests/fixtures/torch/make_fixtures.py");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return new TorchFixture(name, doc.RootElement.Clone());
    }

    /// <summary>Names of every fixture whose file name starts with <paramref name="prefix"/>.</summary>
    public static IEnumerable<string> Named(string prefix) =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "torch"), prefix + "*.json")
            .Select(Path.GetFileNameWithoutExtension).Order()!;

    /// <summary>A tensor from section <c>inputs</c>, <c>outputs</c> or <c>grads</c>.</summary>
    public (int[] Shape, float[] Data) Tensor(string section, string name)
    {
        var t = _root.GetProperty(section).GetProperty(name);
        var shape = t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var data = t.GetProperty("data").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        return (shape, data);
    }

    /// <summary>Shorthands for the three tensor sections.</summary>
    public float[] Input(string name) => Tensor("inputs", name).Data;
    /// <summary>An output tensor's values.</summary>
    public float[] Output(string name) => Tensor("outputs", name).Data;
    /// <summary>A gradient tensor's values.</summary>
    public float[] Grad(string name) => Tensor("grads", name).Data;

    /// <summary>A numeric parameter.</summary>
    public double Param(string name) => _root.GetProperty("params").GetProperty(name).GetDouble();

    /// <summary>An integer-list parameter (e.g. padding).</summary>
    public int[] Ints(string name) => _root.GetProperty("params").GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>Whether a parameter is present.</summary>
    public bool Has(string name) => _root.GetProperty("params").TryGetProperty(name, out _);
}
