namespace KernelGen;

/// <summary>Thread-private arrays (a private array in CUDA and OpenCL; ILGPU's <c>LocalMemory</c>).</summary>
public static class LocalMemory
{
    /// <summary>
    /// Declares a thread-private array of <paramref name="length"/> zeroed elements; in a kernel the length must be
    /// a compile-time constant (a literal, a const, or <c>default(T).Property</c> arithmetic in a specialized kernel).
    /// </summary>
    /// <remarks>
    /// ILGPU returns an <c>ArrayView&lt;T&gt;</c>; KernelGen returns a <see cref="Span{T}"/> because the CPU runs the
    /// kernel's C# and needs memory the method owns: a span over a fresh managed array, which stays valid for the
    /// whole call and needs no buffer. Kernel code that writes <c>var a = LocalMemory.Allocate&lt;T&gt;(n)</c> and uses
    /// only <c>a[i]</c> and <c>a.Length</c> reads the same under both. The CPU pays one small allocation per call;
    /// GPUs pay nothing.
    /// </remarks>
    public static Span<T> Allocate<T>(int length) where T : unmanaged => new T[length];
}
