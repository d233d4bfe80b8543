using System.Reflection;
using KernelGen.ILGPU;

namespace KernelGen.Tests.Ilgpu;

using global::ILGPU;
using global::ILGPU.Algorithms;
using global::ILGPU.Backends.EntryPoints;
using global::ILGPU.Runtime.CPU;

/// <summary>
/// The library's kernels as ILGPU sees them, for the tests that compile their ILGPU build with ILGPU's own backends
/// (<see cref="IlgpuLibraryKernelPtxTests"/>, <see cref="IlgpuLibraryKernelOpenClTests"/>) without an accelerator.
/// </summary>
public static class IlgpuLibraryKernels
{
    /// <summary>Every generated definition of KernelGen.Kernels, one test case each, named by the kernel.</summary>
    public static IEnumerable<TestCaseData> Cases() =>
        typeof(KernelDefinition).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(KernelDefinition))
            .Select(f => (KernelDefinition)f.GetValue(null)!)
            .OrderBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => new TestCaseData(k).SetArgDisplayNames(k.Name));

    /// <summary>
    /// The ILGPU-build method of <paramref name="kernel"/> as an entry point: explicitly grouped for
    /// <see cref="KernelShape.Grouped"/> kernels (group size, shared memory and barriers as written), implicitly grouped otherwise.
    /// </summary>
    public static EntryPointDescription EntryPoint(KernelDefinition kernel) => EntryPoint(IlgpuKernelMethods.Find(kernel), kernel.Shape == KernelShape.Grouped);

    public static EntryPointDescription EntryPoint(MethodInfo method, bool grouped) => grouped
        ? EntryPointDescription.FromExplicitlyGroupedKernel(method)
        : EntryPointDescription.FromImplicitlyGroupedKernel(method);

    /// <summary>A context as KernelGen's ILGPU backend makes one: O2, ILGPU.Algorithms (exp, log, tanh … on GPUs), no accelerator needed to compile.</summary>
    public static Context CreateContext() => Context.Create(builder => builder.DefaultCPU().Optimize(OptimizationLevel.O2).EnableAlgorithms());
}
