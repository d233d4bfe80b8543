using System.Text.RegularExpressions;

namespace KernelGen.Tests.Ilgpu;

using global::ILGPU.Backends.PTX;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.Cuda;

/// <summary>
/// Every kernel of the library, in its ILGPU build (the same kernel files compiled against ILGPU's types), compiles to
/// PTX for SM_90 with ILGPU's PTX backend on a machine without a GPU, and calls no external function but libdevice's.
/// </summary>
public sealed class IlgpuLibraryKernelPtxTests
{
    private static readonly Regex KnownIntrinsic = new(@"^(__nv_\w+|vprintf)$");

    [Test]
    public void TheLibraryHasKernelsToCheck() => Assert.That(IlgpuLibraryKernels.Cases().Count(), Is.GreaterThan(80));

    [TestCaseSource(typeof(IlgpuLibraryKernels), nameof(IlgpuLibraryKernels.Cases))]
    public void CompilesToPtxForSm90(KernelDefinition kernel)
    {
        var entry = IlgpuLibraryKernels.EntryPoint(kernel);
        using var context = IlgpuLibraryKernels.CreateContext();
        var instructionSet = CudaAccelerator.GetInstructionSet(CudaArchitecture.SM_90, CudaDriverVersion.FromMajorMinor(12, 8));
        using var backend = new PTXBackend(context, CudaArchitecture.SM_90, instructionSet, nvvmAPI: null!);
        var ptx = ((PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).PTXAssembly;
        Assert.That(ptx, Does.Match(@"\.target sm_(80|90)\b").And.Contain(".entry"));
        var externs = Regex.Matches(ptx, @"\.extern\s+\.func\s+(?:\([^)]*\)\s*)?([\w$]+)").Select(m => m.Groups[1].Value);
        Assert.That(externs.Where(name => !KnownIntrinsic.IsMatch(name)).ToArray(), Is.Empty, $"unresolved external functions in {kernel.Name}");
        if (kernel.Shape == KernelShape.Grouped && kernel.Name.StartsWith("GemmKernels.Tile", StringComparison.Ordinal))
            Assert.That(ptx, Does.Contain("bar.sync"), "the tiled GEMM keeps its barriers");
    }
}
