namespace KernelGen.Tests.Runtime;

/// <summary>
/// ILGPU's kernel loaders take at most 14 parameters, the index included; every library kernel stays within
/// them (geometry travels as one struct argument) so the same kernels stay portable.
/// </summary>
public sealed class KernelParameterCountTests
{
    private const int IlgpuMaxParameters = 14;

    [Test]
    public void EveryLibraryKernelHasAtMostFourteenParameters()
    {
        var over = CudaSourceCompileTests.LibraryKernels()
            .Select(k => (k.Name, Count: k.Parameters.Count + (k.Shape == KernelShape.Grouped ? 0 : 1)))
            .Where(k => k.Count > IlgpuMaxParameters)
            .Select(k => $"{k.Name}: {k.Count} parameters")
            .ToList();
        Assert.That(over, Is.Empty);
    }
}
