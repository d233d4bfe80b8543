namespace KernelGen;

/// <summary>
/// Grid-level intrinsics for explicitly grouped kernels. They have a meaning on a GPU, and on the CPU inside a
/// grouped launch emulated thread by thread (ILGPU-style kernels without a counterpart, see docs/ilgpu.md);
/// otherwise the CPU runs the kernel's <see cref="KernelAttribute.CpuCounterpart"/> instead.
/// </summary>
public static class Grid
{
    /// <summary>Index of this thread's group along X (CUDA <c>blockIdx.x</c>, OpenCL <c>get_group_id(0)</c>).</summary>
    public static int IdxX => Cur.GroupX;
    /// <summary>Index of this thread's group along Y.</summary>
    public static int IdxY => Cur.GroupY;
    /// <summary>Number of groups along X (CUDA <c>gridDim.x</c>).</summary>
    public static int DimX => Cur.GridDim.X;
    /// <summary>Number of groups along Y.</summary>
    public static int DimY => Cur.GridDim.Y;
    /// <summary>Global thread index along X (<c>blockIdx.x*blockDim.x+threadIdx.x</c>, <c>get_global_id(0)</c>).</summary>
    public static int GlobalIndexX => Cur.GroupX * Cur.GroupDim.X + Cur.LocalX;
    /// <summary>Global thread index along Y.</summary>
    public static int GlobalIndexY => Cur.GroupY * Cur.GroupDim.Y + Cur.LocalY;

    /// <summary>The emulated thread of a grouped CPU launch (<see cref="Runtime.Cpu.CpuGroupEmulator"/>).</summary>
    internal static Runtime.Cpu.CpuGroupEmulator.ThreadState Cur => Runtime.Cpu.CpuGroupEmulator.Current ?? throw GpuOnly();

    internal static NotSupportedException GpuOnly() =>
        new("Grid/Group intrinsics, shared memory and barriers exist only on GPUs and in an emulated grouped CPU launch; the CPU runs the kernel's CpuCounterpart.");
}

/// <summary>Group-level intrinsics (CUDA block, OpenCL work-group) for explicitly grouped kernels.</summary>
public static class Group
{
    /// <summary>Index of this thread within its group along X (<c>threadIdx.x</c>, <c>get_local_id(0)</c>).</summary>
    public static int IdxX => Grid.Cur.LocalX;
    /// <summary>Index of this thread within its group along Y.</summary>
    public static int IdxY => Grid.Cur.LocalY;
    /// <summary>Threads per group along X (<c>blockDim.x</c>, <c>get_local_size(0)</c>).</summary>
    public static int DimX => Grid.Cur.GroupDim.X;
    /// <summary>Threads per group along Y.</summary>
    public static int DimY => Grid.Cur.GroupDim.Y;

    /// <summary>Waits until every thread of the group reaches this point and group-shared writes are visible.</summary>
    public static void Barrier() => Grid.Cur.Barrier();
}

/// <summary>Group-shared memory (CUDA <c>__shared__</c>, OpenCL <c>__local</c>).</summary>
public static class SharedMemory
{
    /// <summary>Declares a group-shared array; <paramref name="length"/> must be a compile-time constant.</summary>
    public static ArrayView<T> Allocate<T>(int length) where T : unmanaged => Grid.Cur.Shared<T>(length);
}

/// <summary>Math helpers with a direct GPU counterpart, usable in kernels and on the CPU.</summary>
public static class KernelMath
{
    /// <summary>High 32 bits of the 64-bit product (CUDA <c>__umulhi</c>, OpenCL <c>mul_hi</c>).</summary>
    public static uint MulHi(uint a, uint b) => (uint)(((ulong)a * b) >> 32);

    /// <summary>
    /// The error function (CUDA <c>erff</c>, OpenCL <c>erf</c>). On the CPU: Abramowitz and Stegun 7.1.26
    /// evaluated in double, absolute error below 1.5e-7 (about one float ulp near 1).
    /// </summary>
    public static float Erf(float x) => ErfApproximation.Evaluate(x);

    /// <summary>
    /// a·b + c rounded once (CUDA <c>fmaf</c>, OpenCL <c>fma</c>); use it instead of <c>MathF.FusedMultiplyAdd</c>,
    /// which ILGPU leaves as an unresolved call.
    /// </summary>
    public static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    /// <summary>Base-2 logarithm (CUDA <c>log2f</c>, OpenCL <c>log2</c>); use it instead of <c>MathF.Log2</c>.</summary>
    public static float Log2(float x) => MathF.Log2(x);

    /// <summary>Cube root (CUDA <c>cbrtf</c>, OpenCL <c>cbrt</c>); use it instead of <c>MathF.Cbrt</c>.</summary>
    public static float Cbrt(float x) => MathF.Cbrt(x);

    /// <summary>
    /// The float nearest to an unsigned integer (a C cast on the GPU). Use it instead of a uint→float conversion,
    /// which ILGPU routes through double; a value known to be below 2^31 may instead be cast through int.
    /// </summary>
    public static float ToFloat(uint value) => value;

    /// <summary>Reinterprets the bits of a float as an unsigned integer.</summary>
    public static uint AsUInt(float value) => BitConverter.SingleToUInt32Bits(value);

    /// <summary>Reinterprets the bits of an unsigned integer as a float.</summary>
    public static float AsFloat(uint value) => BitConverter.UInt32BitsToSingle(value);
}
