namespace KernelGen.Tests.Ilgpu;

// Inside the namespace, so ILGPU's ArrayView, Index1D, Group and Grid win over KernelGen's types of the same names.
using global::ILGPU;

/// <summary>
/// User kernels written the way ILGPU's documentation writes them, for the ILGPU tests. Each also carries KernelGen's
/// <c>[Kernel]</c>, so KernelGen's generator turns the same body into <c>SaxpyKernel</c> and <c>GroupSumKernel</c> for
/// KernelGen's CPU, OpenCL and CUDA backends (docs/ilgpu.md, "ILGPU kernels on KernelGen's backends").
/// </summary>
internal static partial class IlgpuUserKernels
{
    /// <summary>Threads per group of <see cref="GroupSum"/>: the largest group ILGPU's default CPU accelerator launches (4 warps of 4).</summary>
    public const int GroupSize = 16;

    /// <summary>SAXPY, implicitly grouped: <c>y[i] = a·x[i] + y[i]</c>.</summary>
    [Kernel]
    public static void Saxpy(Index1D i, float a, ArrayView<float> x, ArrayView<float> y) => y[i] = a * x[i] + y[i];

    /// <summary>
    /// Explicitly grouped shared-memory tree reduction: group g writes the sum of its <see cref="GroupSize"/> inputs to
    /// <c>partialSums[g]</c> (inputs past the end count as 0).
    /// </summary>
    [Kernel]
    public static void GroupSum(ArrayView<float> input, ArrayView<float> partialSums)
    {
        var shared = SharedMemory.Allocate<float>(GroupSize);
        int local = Group.IdxX;
        int global = Grid.GlobalIndex.X;
        shared[local] = global < input.Length ? input[global] : 0f;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride /= 2)
        {
            if (local < stride)
                shared[local] += shared[local + stride];
            Group.Barrier();
        }
        if (local == 0)
            partialSums[Grid.IdxX] = shared[0];
    }
}
