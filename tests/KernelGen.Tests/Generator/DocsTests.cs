using KernelGen.Kernels;

namespace KernelGen.Tests.Generator;

/// <summary>docs/kernels.md shows the generated source of LeakyRelu; it must match what the build generates.</summary>
public sealed class DocsTests
{
    [Test]
    public void KernelsGuideShowsCurrentGeneratedSource()
    {
        var doc = File.ReadAllText(GeneratorTests.FindRepoFile("docs/kernels.md"));
        Assert.That(doc, Does.Contain(ActivationKernels.LeakyReluKernel.CudaSource.TrimEnd('\n')), "CUDA block of docs/kernels.md is stale");
        Assert.That(doc, Does.Contain(ActivationKernels.LeakyReluKernel.OpenCLSource.TrimEnd('\n')), "OpenCL block of docs/kernels.md is stale");
    }
}
