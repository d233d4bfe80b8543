using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace KernelGen;

/// <summary>
/// One device opened for work: it allocates buffers, copies between host and device, compiles kernels
/// (once per kernel, cached) and launches them on streams. Backends implement the few abstract hooks.
/// </summary>
public abstract unsafe class Accelerator : IDisposable
{
    private readonly ConcurrentDictionary<KernelDefinition, Lazy<object>> _kernels = new();
    private long _allocatedBytes, _peakBytes, _allocationCount, _hostWaits, _launches, _fills, _uploads, _downloads, _deviceCopies, _stagingWaits;
    private bool _disposed;

    /// <summary>Creates the accelerator for <paramref name="device"/>.</summary>
    protected Accelerator(Device device) => Device = device;

    /// <summary>The device this accelerator runs on.</summary>
    public Device Device { get; }

    /// <summary>The stream used when none is given.</summary>
    public abstract AcceleratorStream DefaultStream { get; }

    /// <summary>Bytes currently allocated through this accelerator.</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>Highest <see cref="AllocatedBytes"/> seen.</summary>
    public long PeakAllocatedBytes => Interlocked.Read(ref _peakBytes);

    /// <summary>Number of allocations made so far (a training step that allocates nothing leaves it unchanged).</summary>
    public long AllocationCount => Interlocked.Read(ref _allocationCount);

    /// <summary>
    /// Number of times the host has waited for this accelerator's work so far: stream synchronizations and reads to
    /// the host (a training step that waits for nothing leaves it unchanged).
    /// </summary>
    public long HostWaitCount => Interlocked.Read(ref _hostWaits);

    internal void CountHostWait() => Interlocked.Increment(ref _hostWaits);

    internal void CountStagingWait() => Interlocked.Increment(ref _stagingWaits);

    /// <summary>
    /// Captures the work <paramref name="enqueue"/> puts on <paramref name="stream"/> for replay, without running it (call
    /// <see cref="CapturedWork.Replay"/> to run it, also the first time); null when the backend cannot capture (the CPU,
    /// whose work runs as it is enqueued, and ILGPU), and <paramref name="enqueue"/> has then not been called. The work
    /// must not wait for the device, allocate or read to the host, and its arguments are frozen: buffers, offsets and
    /// scalars are those of the capture at every replay.
    /// </summary>
    public CapturedWork? Capture(AcceleratorStream stream, Action enqueue)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(enqueue);
        if (stream.Accelerator != this)
            throw new ArgumentException($"Capture on {Device.Name} needs one of its streams, not one of {stream.Accelerator.Device.Name}.", nameof(stream));
        if (!CanCapture) return null;
        var before = Counters;
        var captured = CaptureCore(stream, enqueue, () => Counters - before);
        // Captured work has not run: what it holds is counted when it is replayed.
        var held = captured.Work;
        Interlocked.Add(ref _launches, -held.Launches);
        Interlocked.Add(ref _fills, -held.Fills);
        Interlocked.Add(ref _deviceCopies, -held.DeviceCopies);
        return captured;
    }

    /// <summary>Whether <see cref="Capture"/> captures on this backend.</summary>
    public virtual bool CanCapture => false;

    /// <summary>
    /// The backend's capture: runs <paramref name="enqueue"/> in capture mode and returns the replayable work, whose
    /// size <paramref name="captured"/> gives (the counters of what was enqueued since the capture began).
    /// </summary>
    protected internal virtual CapturedWork CaptureCore(AcceleratorStream stream, Action enqueue, Func<AcceleratorCounters> captured) =>
        throw new NotSupportedException($"{Device.Name} cannot capture work.");

    internal void CountReplay(in AcceleratorCounters work)
    {
        Interlocked.Add(ref _launches, work.Launches);
        Interlocked.Add(ref _fills, work.Fills);
        Interlocked.Add(ref _deviceCopies, work.DeviceCopies);
    }

    /// <summary>
    /// Everything this accelerator has done so far, as one snapshot: subtract two (<c>after - before</c>) for what a
    /// step did.
    /// </summary>
    public AcceleratorCounters Counters => new(
        Interlocked.Read(ref _launches), Interlocked.Read(ref _fills), Interlocked.Read(ref _uploads), Interlocked.Read(ref _downloads),
        Interlocked.Read(ref _deviceCopies), HostWaitCount, AllocationCount, CompiledKernelCount, Interlocked.Read(ref _stagingWaits));

    private volatile List<LaunchRecord>? _recording;

    /// <summary>Whether launches are being recorded (<see cref="RecordLaunches"/>).</summary>
    public bool IsRecording => _recording is not null;

    /// <summary>
    /// Records every launch from now until the result is disposed (for tests and diagnostics: recording allocates).
    /// </summary>
    public LaunchRecording RecordLaunches()
    {
        var list = new List<LaunchRecord>();
        if (Interlocked.CompareExchange(ref _recording, list, null) is not null)
            throw new InvalidOperationException($"Launches of {Device.Name} are already being recorded.");
        return new LaunchRecording(list, () => _recording = null);
    }

    internal void LaunchCounted(AcceleratorStream stream, KernelDefinition kernel, in LaunchDims dims, ReadOnlySpan<KernelArg> args)
    {
        var compiled = GetCompiled(kernel);
        Interlocked.Increment(ref _launches);
        if (_recording is { } recording)
            lock (recording) recording.Add(LaunchRecord.Of(kernel, dims, args));
        LaunchCore(stream, kernel, compiled, dims, args);
    }

    /// <summary>Number of kernels compiled for this accelerator so far.</summary>
    public int CompiledKernelCount => _kernels.Count;

    /// <summary>Whether buffers live in host memory that kernels' views can index directly.</summary>
    internal virtual bool IsHostMemory => false;

    /// <summary>Threads per group for <see cref="KernelShape.Index1D"/> launches.</summary>
    protected internal virtual int DefaultGroupSize1D => Math.Min(256, Device.MaxGroupSize);

    /// <summary>Threads per group for <see cref="KernelShape.Index2D"/> launches.</summary>
    protected internal virtual Index2D DefaultGroupSize2D => Device.MaxGroupSize >= 256 ? new Index2D(16, 16) : new Index2D(8, 8);

    /// <summary>Allocates a buffer of <paramref name="length"/> elements.</summary>
    public MemoryBuffer<T> Allocate<T>(int length, string? name = null) where T : unmanaged
    {
        ThrowIfDisposed();
        name ??= $"buffer#{AllocationCount + 1}";
        if (length <= 0)
            throw new ArgumentOutOfRangeException(nameof(length), $"Buffer '{name}': length must be positive, got {length}.");
        long bytes = (long)length * sizeof(T);
        if (bytes > Device.MemoryBytes - AllocatedBytes)
            throw new SizeLimitException($"Buffer '{name}': {bytes:N0} bytes more than the {AllocatedBytes:N0} already allocated exceed " +
                $"the {Device.MemoryBytes:N0} bytes of {Device.Name}.");
        var handle = AllocateCore(bytes);
        Interlocked.Increment(ref _allocationCount);
        long now = Interlocked.Add(ref _allocatedBytes, bytes);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakBytes)) && Interlocked.CompareExchange(ref _peakBytes, now, peak) != peak) { }
        return new MemoryBuffer<T>(this, handle, length, name);
    }

    /// <summary>
    /// A buffer over <paramref name="length"/> elements of memory that stays its owner's (an interop adapter's
    /// <paramref name="handle"/> frees nothing): not counted as an allocation, <see cref="MemoryBuffer.IsBorrowed"/>.
    /// </summary>
    internal MemoryBuffer<T> Borrow<T>(SafeHandle handle, int length, string name) where T : unmanaged
    {
        ThrowIfDisposed();
        if (length <= 0)
            throw new ArgumentOutOfRangeException(nameof(length), $"Buffer '{name}': length must be positive, got {length}.");
        return new MemoryBuffer<T>(this, handle, length, name, borrowed: true);
    }

    /// <summary>Allocates a buffer holding a copy of <paramref name="data"/>.</summary>
    public MemoryBuffer<T> Allocate<T>(ReadOnlySpan<T> data, string? name = null) where T : unmanaged
    {
        var buffer = Allocate<T>(data.Length, name);
        buffer.CopyFromHost(data);
        return buffer;
    }

    /// <summary>Creates an additional stream (queue) whose work may overlap with other streams.</summary>
    public AcceleratorStream CreateStream()
    {
        ThrowIfDisposed();
        return CreateStreamCore();
    }

    /// <summary>Waits until all work on the default stream is done.</summary>
    public void Synchronize() => DefaultStream.Synchronize();

    /// <summary>Compiles <paramref name="kernel"/> for this device now (it is otherwise compiled on first launch).</summary>
    public void Preload(KernelDefinition kernel) => GetCompiled(kernel);

    // TryGetValue first: the GetOrAdd factory captures `this`, so calling it allocates a delegate per launch.
    internal object GetCompiled(KernelDefinition kernel) =>
        (_kernels.TryGetValue(kernel, out var compiled) ? compiled : _kernels.GetOrAdd(kernel, k => new Lazy<object>(() => CompileCore(k)))).Value;

    /// <summary>Throws if the accelerator was disposed: its device is gone for this process.</summary>
    public void ThrowIfDisposed()
    {
        if (_disposed)
            throw new ObjectDisposedException(Device.Name, $"Accelerator for {Device.Name} ({Device.Backend}) has been disposed; the device is no longer available.");
    }

    internal void OnBufferReleased(long bytes) => Interlocked.Add(ref _allocatedBytes, -bytes);

    internal void WriteCore(AcceleratorStream stream, MemoryBuffer dst, long dstOffset, void* src, long bytes)
    {
        if (bytes <= 0) return;
        Interlocked.Increment(ref _uploads);
        Write(stream, dst, dstOffset, src, bytes);
    }

    internal void CountUpload() => Interlocked.Increment(ref _uploads);

    /// <summary>
    /// Host memory of <paramref name="bytes"/> bytes for uploads that do not block the host (<see cref="HostStaging{T}"/>);
    /// null (the default) on backends whose writes finish before they return, which need none.
    /// </summary>
    protected internal virtual StagingMemory? AllocateStagingCore(long bytes) => null;

    internal void ReadCore(AcceleratorStream stream, MemoryBuffer src, long srcOffset, void* dst, long bytes)
    {
        if (bytes <= 0) return;
        CountHostWait();
        Interlocked.Increment(ref _downloads);
        Read(stream, src, srcOffset, dst, bytes);
    }

    internal void CopyCore(AcceleratorStream stream, MemoryBuffer src, long srcOffset, MemoryBuffer dst, long dstOffset, long bytes)
    {
        if (bytes <= 0) return;
        Interlocked.Increment(ref _deviceCopies);
        Copy(stream, src, srcOffset, dst, dstOffset, bytes);
    }

    internal void FillCore(AcceleratorStream stream, MemoryBuffer dst, long offset, long bytes, uint pattern)
    {
        if (bytes <= 0) return;
        Interlocked.Increment(ref _fills);
        Fill(stream, dst, offset, bytes, pattern);
    }

    /// <summary>Allocates <paramref name="bytes"/> of device memory.</summary>
    protected abstract SafeHandle AllocateCore(long bytes);

    /// <summary>Enqueues a host-to-device copy; <paramref name="src"/> may be reused once this returns.</summary>
    protected abstract void Write(AcceleratorStream stream, MemoryBuffer dst, long dstOffset, void* src, long bytes);

    /// <summary>Copies device memory to the host after the stream's earlier work; returns when the data is there.</summary>
    protected abstract void Read(AcceleratorStream stream, MemoryBuffer src, long srcOffset, void* dst, long bytes);

    /// <summary>Enqueues a device-to-device copy.</summary>
    protected abstract void Copy(AcceleratorStream stream, MemoryBuffer src, long srcOffset, MemoryBuffer dst, long dstOffset, long bytes);

    /// <summary>Enqueues a fill of <paramref name="bytes"/> (a multiple of 4) with a 32-bit pattern.</summary>
    protected abstract void Fill(AcceleratorStream stream, MemoryBuffer dst, long offset, long bytes, uint pattern);

    /// <summary>Compiles a kernel for this device; the result is cached and passed back to <see cref="LaunchCore"/>.</summary>
    protected abstract object CompileCore(KernelDefinition kernel);

    /// <summary>Enqueues a validated launch.</summary>
    protected internal abstract void LaunchCore(AcceleratorStream stream, KernelDefinition kernel, object compiled, in LaunchDims dims, ReadOnlySpan<KernelArg> args);

    /// <summary>Creates a backend stream.</summary>
    protected abstract AcceleratorStream CreateStreamCore();

    /// <summary>Releases backend resources; called once.</summary>
    protected abstract void DisposeCore();

    /// <summary>Waits for outstanding work and releases the device.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        try { DefaultStream.Synchronize(); }
        catch (AcceleratorException) { }
        _disposed = true;
        DisposeCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>Whether <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => _disposed;

    /// <inheritdoc/>
    public override string ToString() => $"{Device.Backend}: {Device.Name}";
}
