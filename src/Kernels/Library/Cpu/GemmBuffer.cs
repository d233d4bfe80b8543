using System.Runtime.InteropServices;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// A 64-byte-aligned native float buffer owned by one thread, grown on demand and reused across calls.
/// It is freed by the finalizer once its thread has gone and the [ThreadStatic] reference is collected.
/// </summary>
internal sealed unsafe class GemmBuffer
{
    [ThreadStatic] private static GemmBuffer? t_packA;
    [ThreadStatic] private static GemmBuffer? t_packB;

    private float* _data;
    private nint _capacity;

    /// <summary>This thread's buffer for packed A blocks, at least <paramref name="floats"/> long.</summary>
    public static float* PackA(nint floats) => (t_packA ??= new GemmBuffer()).Get(floats);

    /// <summary>This thread's buffer for packed B blocks, at least <paramref name="floats"/> long.</summary>
    public static float* PackB(nint floats) => (t_packB ??= new GemmBuffer()).Get(floats);

    private float* Get(nint floats)
    {
        if (floats > _capacity)
        {
            if (_data != null) NativeMemory.AlignedFree(_data);
            _data = null;
            nint grown = Math.Max(floats, _capacity * 2);
            _data = (float*)NativeMemory.AlignedAlloc((nuint)(grown * sizeof(float)), 64);
            _capacity = grown;
        }
        return _data;
    }

    ~GemmBuffer()
    {
        if (_data != null) NativeMemory.AlignedFree(_data);
    }
}
