using System.Reflection;
using System.Text.RegularExpressions;

namespace KernelGen.Tests.Ilgpu;

using global::ILGPU;
using global::ILGPU.Backends.EntryPoints;
using global::ILGPU.Backends.PTX;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;
using global::ILGPU.Runtime.Cuda;

/// <summary>
/// The user kernels of <see cref="IlgpuUserKernels"/> compile to PTX for SM_90 with ILGPU's PTX backend, with no GPU
/// and no CUDA driver, and call no external function but ILGPU's and libdevice's intrinsics.
/// </summary>
public sealed class IlgpuPtxCompileTests
{
    /// <summary>External functions PTX from ILGPU may declare: libdevice's <c>__nv_*</c> math and CUDA's <c>vprintf</c>.</summary>
    private static readonly Regex KnownIntrinsic = new(@"^(__nv_\w+|vprintf)$");

    [Test]
    public void SaxpyCompilesToPtxForSm90()
    {
        var ptx = CompileToPtx(EntryPointDescription.FromImplicitlyGroupedKernel(Kernel(nameof(IlgpuUserKernels.Saxpy))));
        AssertUsablePtx(ptx);
        Assert.That(ptx, Does.Contain(".entry Kernel_Saxpy"));
    }

    [Test]
    public void SharedMemoryTreeReductionCompilesToPtxForSm90()
    {
        var ptx = CompileToPtx(EntryPointDescription.FromExplicitlyGroupedKernel(Kernel(nameof(IlgpuUserKernels.GroupSum))));
        AssertUsablePtx(ptx);
        Assert.That(ptx, Does.Contain(".shared").And.Contain("bar.sync"), "shared memory and group barriers");
    }

    /// <summary>ILGPU's PTX for SM_90 and PTX ISA of CUDA 12.8, compiled without any accelerator.</summary>
    private static string CompileToPtx(EntryPointDescription entry)
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        var instructionSet = CudaAccelerator.GetInstructionSet(CudaArchitecture.SM_90, CudaDriverVersion.FromMajorMinor(12, 8));
        using var backend = new PTXBackend(context, CudaArchitecture.SM_90, instructionSet, nvvmAPI: null!); // no NVVM: ILGPU emits the PTX itself
        var compiled = (PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);
        return compiled.PTXAssembly;
    }

    private static void AssertUsablePtx(string ptx)
    {
        // Asked for SM_90, ILGPU 1.5.3 writes ".target sm_80" (the newest it emits) with PTX ISA 8.7; a CUDA 12.8 driver JIT-compiles that for SM_90.
        Assert.That(ptx, Does.Match(@"\.target sm_(80|90)\b").And.Contain(".entry"));
        var externs = Regex.Matches(ptx, @"\.extern\s+\.func\s+(?:\([^)]*\)\s*)?([\w$]+)").Select(m => m.Groups[1].Value).ToArray();
        var unknown = externs.Where(name => !KnownIntrinsic.IsMatch(name)).ToArray();
        Assert.That(unknown, Is.Empty, "external functions that are not ILGPU/libdevice intrinsics");
    }

    private static MethodInfo Kernel(string name) =>
        typeof(IlgpuUserKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(nameof(IlgpuUserKernels), name);
}
