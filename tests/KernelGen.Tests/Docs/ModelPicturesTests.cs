using System.Text.Json;
using KernelGen.Models;
using KernelGen.Measurements;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Docs;

/// <summary>
/// docs/models/results.json (what docs/models.md shows) has the four pictures of every generative model of the
/// registry on the embedded digits — each an image that exists, or the reason the model has none — and
/// docs/models.md shows each image; and every generator's figures there were measured with the options its
/// measurement now trains with.
/// </summary>
public sealed class ModelPicturesTests
{
    [Test]
    public void EveryGenerativeModelHasItsFourPicturesInTheDocs()
    {
        var results = JsonDocument.Parse(File.ReadAllText(GeneratorTests.FindRepoFile("docs/models/results.json"))).RootElement;
        var page = File.ReadAllText(GeneratorTests.FindRepoFile("docs/models.md"));
        var folder = Path.GetDirectoryName(GeneratorTests.FindRepoFile("docs/models/results.json"))!;
        var items = results.EnumerateArray().Where(r => r.GetProperty("Dataset").GetString() == "mnist")
            .SelectMany(r => r.TryGetProperty("Gallery", out var g) && g.ValueKind == JsonValueKind.Array ? g.EnumerateArray() : [])
            .Select(g => (Model: g.GetProperty("Model").GetString()!, Kind: g.GetProperty("Kind").GetString()!,
                Image: g.GetProperty("Image").ValueKind == JsonValueKind.String ? g.GetProperty("Image").GetString() : null,
                Caption: g.GetProperty("Caption").GetString()!))
            .ToList();
        // The measurements name a model by its configuration (ae-64, stacked-ae-256-64); the classifier is not generative.
        foreach (var name in ModelRegistry.All.Select(e => e.Name).Where(n => n != "classifier"))
        {
            var mine = items.Where(i => i.Model == name || i.Model.StartsWith(name + "-", StringComparison.Ordinal)).ToList();
            Assert.That(mine.Select(i => i.Kind).Distinct(), Is.EquivalentTo(ModelGallery.Kinds), $"model '{name}' lacks pictures on the digits");
            foreach (var item in mine)
            {
                Assert.That(item.Caption, Is.Not.Empty, $"{item.Model} {item.Kind}");
                if (item.Image is null) continue;
                Assert.That(File.Exists(Path.Combine(folder, item.Image)), $"{item.Image} is missing");
                Assert.That(page, Does.Contain($"(models/{item.Image})"), $"docs/models.md does not show {item.Image}");
            }
        }
    }

    [Test]
    public void GeneratorResultsWereMeasuredWithTheRegistrysOptions()
    {
        var results = JsonDocument.Parse(File.ReadAllText(GeneratorTests.FindRepoFile("docs/models/results.json"))).RootElement;
        foreach (var measurement in MeasurementRegistry.All.OfType<GeneratorMeasurement>())
            foreach (var result in results.EnumerateArray().Where(r => r.GetProperty("Measurement").GetString() == measurement.Name))
            {
                string recorded = result.TryGetProperty("Options", out var o) ? o.GetString() ?? "" : "";
                Assert.That(recorded, Is.EqualTo(measurement.FullOptions),
                    $"{measurement.Name} on {result.GetProperty("Dataset").GetString()}: docs/models/results.json holds figures of other options than the measurement's");
            }
    }
}
