namespace KernelGen.ILGPU;

using global::ILGPU;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;
using KernelGen.Runtime.Cuda;
using IlgpuCudaAccelerator = global::ILGPU.Runtime.Cuda.CudaAccelerator;
using IlgpuCudaStream = global::ILGPU.Runtime.Cuda.CudaStream;

/// <summary>
/// Memory shared between ILGPU and KernelGen without a copy: KernelGen buffers as ILGPU views, ILGPU views as
/// KernelGen buffers (a graph's input, a parameter store's storage), and KernelGen's own CUDA backend on ILGPU's
/// CUDA context and stream.
/// </summary>
public static class IlgpuInterop
{
    /// <summary>
    /// The ILGPU view of <paramref name="view"/>, a view of a KernelGen buffer on an ILGPU accelerator
    /// (<see cref="IlgpuBackend.Wrap"/> or <see cref="IlgpuBackend.GetDevice"/>): the same memory, for the caller's
    /// ILGPU kernels.
    /// </summary>
    public static ArrayView<T> AsIlgpuView<T>(this KernelGen.ArrayView<T> view) where T : unmanaged
    {
        var buffer = view.Buffer ?? throw new ArgumentException("AsIlgpuView: the view is empty.", nameof(view));
        buffer.ThrowIfDisposed();
        if (buffer.Accelerator is not IlgpuAccelerator)
            throw new ArgumentException($"AsIlgpuView: buffer '{buffer.Name}' lives on {buffer.Accelerator.Device.Name} ({buffer.Accelerator.Device.Backend}); " +
                "only buffers of an ILGPU-hosted accelerator (IlgpuBackend.Wrap, --device ilgpu:*) are ILGPU memory.", nameof(view));
        int size = buffer.ElementSize;
        return IlgpuAccelerator.Handle(buffer).Bytes((long)view.Offset * size, (long)view.Length * size).Cast<T>();
    }

    /// <summary>The ILGPU view of the whole of <paramref name="buffer"/>.</summary>
    public static ArrayView<T> AsIlgpuView<T>(this KernelGen.MemoryBuffer<T> buffer) where T : unmanaged => buffer.View.AsIlgpuView();

    /// <summary>
    /// A KernelGen buffer over the memory of <paramref name="view"/>, which stays the caller's
    /// (<see cref="KernelGen.MemoryBuffer.IsBorrowed"/>: disposing the result frees nothing). <paramref name="accelerator"/>
    /// is KernelGen on the view's ILGPU accelerator (<see cref="IlgpuBackend.Wrap"/>), KernelGen's CUDA backend attached
    /// to its CUDA context (<see cref="AttachCuda"/>), or KernelGen's <c>cpu</c> backend for a view of ILGPU's CPU
    /// accelerator (host memory; ILGPU's CPU launches finish before they return).
    /// </summary>
    public static unsafe KernelGen.MemoryBuffer<T> Adopt<T>(this KernelGen.Accelerator accelerator, ArrayView<T> view, string? name = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        accelerator.ThrowIfDisposed();
        name ??= $"ilgpu-view<{typeof(T).Name}>[{view.Length}]";
        if (!view.IsValid || view.Length == 0) throw new ArgumentException($"Adopt '{name}': the ILGPU view is empty.", nameof(view));
        if (view.Length > int.MaxValue)
            throw new ArgumentException($"Adopt '{name}': the ILGPU view holds {view.Length:N0} elements; a KernelGen buffer holds at most {int.MaxValue:N0}.", nameof(view));
        var owner = view.GetAccelerator();
        int length = (int)view.Length;
        switch (accelerator)
        {
            case IlgpuAccelerator ilgpu when ilgpu.Native == owner:
                return accelerator.Borrow<T>(IlgpuMemoryHandle.Borrowing(view.Cast<byte>()), length, name);
            case CudaAccelerator cuda when owner is IlgpuCudaAccelerator ilgpuCuda && ilgpuCuda.NativePtr == cuda.Context.Handle:
            case Runtime.Cpu.CpuAccelerator when owner is CPUAccelerator:
                return accelerator.Borrow<T>(new BorrowedMemoryHandle(((IArrayView)view).Buffer.NativePtr + (nint)((IContiguousArrayView)view).IndexInBytes), length, name);
            default:
                throw new ArgumentException($"Adopt '{name}': the view's memory is on ILGPU's {owner.Name} ({owner.AcceleratorType}), which {accelerator.Device.Name} " +
                    $"({accelerator.Device.Backend}) cannot address; adopt it through IlgpuBackend.Wrap of that accelerator" +
                    (owner is IlgpuCudaAccelerator ? " or IlgpuInterop.AttachCuda" : "") + ".", nameof(view));
        }
    }

    /// <summary>A KernelGen buffer over the whole of <paramref name="buffer"/>, which stays the caller's (<see cref="Adopt{T}(KernelGen.Accelerator, ArrayView{T}, string?)"/>).</summary>
    public static KernelGen.MemoryBuffer<T> Adopt<T>(this KernelGen.Accelerator accelerator, MemoryBuffer1D<T, Stride1D.Dense> buffer, string? name = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return accelerator.Adopt(buffer.View.AsContiguous(), name);
    }

    /// <summary>
    /// KernelGen's own CUDA backend (its NVRTC-compiled kernels, not ILGPU's) on <paramref name="accelerator"/>'s CUDA
    /// context and on <paramref name="stream"/> (default: the accelerator's default stream): the caller's ILGPU kernels
    /// and KernelGen's launches there run in order with no host wait, and <c>Adopt</c> turns ILGPU buffers into
    /// KernelGen buffers. The ILGPU accelerator and stream stay the caller's and must outlive the result. Needs NVRTC,
    /// as KernelGen's <c>cuda</c> backend does; <see cref="IlgpuBackend.Wrap"/> needs only the driver.
    /// </summary>
    public static KernelGen.Accelerator AttachCuda(IlgpuCudaAccelerator accelerator, IlgpuCudaStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        stream ??= accelerator.DefaultStream as IlgpuCudaStream
            ?? throw new ArgumentException("AttachCuda: the ILGPU accelerator's default stream is not a CUDA stream.", nameof(accelerator));
        if (stream.Accelerator != accelerator)
            throw new ArgumentException("AttachCuda: the stream belongs to another ILGPU accelerator.", nameof(stream));
        var (devices, status) = CudaBackend.Discover();
        if (!status.Available)
            throw new InvalidOperationException($"AttachCuda: KernelGen's CUDA backend is unavailable: {status.Detail}.");
        var device = devices.OfType<CudaDevice>().FirstOrDefault(d => d.Index == accelerator.DeviceId)
            ?? throw new ArgumentException($"AttachCuda: KernelGen's CUDA backend has no device {accelerator.DeviceId} ({devices.Count} found).", nameof(accelerator));
        return device.Attach(accelerator.NativePtr, stream.StreamPtr);
    }
}
