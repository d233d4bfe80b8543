using KernelGen.Models;
using KernelGen.Tests.Generator;

namespace KernelGen.Tests.Docs;

/// <summary>The README's and docs/models.md's model tables name every model of the registry.</summary>
public sealed class ReadmeModelsTests
{
    [TestCase("README.md")]
    [TestCase("docs/models.md")]
    public void EveryRegisteredModelIsListed(string page)
    {
        var text = File.ReadAllText(GeneratorTests.FindRepoFile(page));
        var missing = ModelRegistry.All.Select(e => e.Name).Where(n => !text.Contains($"`{n}`")).ToList();
        Assert.That(missing, Is.Empty, $"{page} does not list: {string.Join(", ", missing)}");
    }
}
