using System.Runtime.CompilerServices;

namespace KernelGen;

// KernelGen's names of the grid, group and memory intrinsics, forwarded to ILGPU's. Each forwarder is inlined, so an
// allocation's length is still the compile-time constant ILGPU requires.

internal static class Grid
{
    public static int IdxX { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Grid.IdxX; }
    public static int IdxY { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Grid.IdxY; }
    public static int DimX { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Grid.DimX; }
    public static int DimY { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Grid.DimY; }
    public static int GlobalIndexX { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Grid.GlobalIndex.X; }
    public static int GlobalIndexY { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Grid.GlobalIndex.Y; }
}

internal static class Group
{
    public static int IdxX { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Group.IdxX; }
    public static int IdxY { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Group.IdxY; }
    public static int DimX { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Group.DimX; }
    public static int DimY { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => global::ILGPU.Group.DimY; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Barrier() => global::ILGPU.Group.Barrier();
}

internal static class SharedMemory
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ArrayView<T> Allocate<T>(int length) where T : unmanaged => global::ILGPU.SharedMemory.Allocate<T>(length);
}

/// <summary>KernelGen's local arrays start zeroed (CUDA C and OpenCL C get <c>= {0}</c>); ILGPU's do not, so this zeroes them.</summary>
internal static class LocalMemory
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ArrayView<T> Allocate<T>(int length) where T : unmanaged
    {
        var array = global::ILGPU.LocalMemory.Allocate<T>(length);
        for (int i = 0; i < length; i++) array[i] = default;
        return array;
    }
}
