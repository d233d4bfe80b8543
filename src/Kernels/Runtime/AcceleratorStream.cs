namespace KernelGen;

/// <summary>
/// An in-order queue of copies and kernel launches on one accelerator (CUDA stream, OpenCL command queue).
/// Launches return at once; <see cref="Synchronize"/> (or a read to the host) waits.
/// </summary>
public abstract class AcceleratorStream : IDisposable
{
    private bool _disposed;

    /// <summary>Creates a stream of <paramref name="accelerator"/>.</summary>
    protected AcceleratorStream(Accelerator accelerator) => Accelerator = accelerator;

    /// <summary>The accelerator the stream belongs to.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Blocks until everything enqueued so far is done (counted in <see cref="KernelGen.Accelerator.HostWaitCount"/>).</summary>
    public void Synchronize()
    {
        Accelerator.CountHostWait();
        SynchronizeCore();
    }

    /// <summary>The backend's wait for everything enqueued so far.</summary>
    protected abstract void SynchronizeCore();

    /// <summary>Records an event after the work enqueued so far.</summary>
    public abstract AcceleratorEvent RecordEvent();

    /// <summary>Launches an <see cref="KernelShape.Index1D"/> kernel once per index in [0, <paramref name="extent"/>).</summary>
    public void Launch(KernelDefinition kernel, Index1D extent, params ReadOnlySpan<KernelArg> args)
    {
        Check(kernel, KernelShape.Index1D, args);
        if (extent.X < 0) throw BadSize(kernel, $"extent {extent.X} is negative");
        if (extent.X == 0) return;
        int group = Accelerator.DefaultGroupSize1D;
        var grid = new Index2D((int)(((long)extent.X + group - 1) / group), 1);
        CheckGrid(kernel, grid, new Index2D(group, 1));
        Accelerator.LaunchCounted(this, kernel, new LaunchDims(new Index2D(extent.X, 1), grid, new Index2D(group, 1)), args);
    }

    /// <summary>Launches an <see cref="KernelShape.Index2D"/> kernel once per (x, y) of <paramref name="extent"/>.</summary>
    public void Launch(KernelDefinition kernel, Index2D extent, params ReadOnlySpan<KernelArg> args)
    {
        Check(kernel, KernelShape.Index2D, args);
        if (extent.X < 0 || extent.Y < 0) throw BadSize(kernel, $"extent ({extent.X}, {extent.Y}) has a negative side");
        if (extent.Size == 0) return;
        var group = Accelerator.DefaultGroupSize2D;
        var grid = new Index2D((extent.X + group.X - 1) / group.X, (extent.Y + group.Y - 1) / group.Y);
        CheckGrid(kernel, grid, group);
        Accelerator.LaunchCounted(this, kernel, new LaunchDims(extent, grid, group), args);
    }

    /// <summary>Launches a <see cref="KernelShape.Grouped"/> kernel with explicit grid and group sizes.</summary>
    public void Launch(KernelDefinition kernel, KernelConfig config, params ReadOnlySpan<KernelArg> args)
    {
        Check(kernel, KernelShape.Grouped, args);
        CheckGrid(kernel, config.GridDim, config.GroupDim);
        if (config.GridDim.Size == 0) return;
        var extent = new Index2D(config.GridDim.X * config.GroupDim.X, config.GridDim.Y * config.GroupDim.Y);
        Accelerator.LaunchCounted(this, kernel, new LaunchDims(extent, config.GridDim, config.GroupDim), args);
    }

    private void Check(KernelDefinition kernel, KernelShape shape, ReadOnlySpan<KernelArg> args)
    {
        ThrowIfDisposed();
        if (kernel.Shape != shape)
            throw new ArgumentException($"Kernel '{kernel.Name}' is a {kernel.Shape} kernel but was launched as {shape}.", nameof(kernel));
        var parameters = kernel.Parameters;
        if (args.Length != parameters.Count)
            throw new ArgumentException(
                $"Kernel '{kernel.Name}' takes {parameters.Count} arguments ({string.Join(", ", parameters)}) but got {args.Length}.", nameof(args));
        for (int i = 0; i < args.Length; i++)
        {
            var p = parameters[i];
            var a = args[i];
            if (p.IsStruct || a.IsStruct)
            {
                if (a.StructType != p.StructType || a.StructSize != p.StructSize)
                    throw new ArgumentException($"Kernel '{kernel.Name}': argument '{p.Name}' (#{i}) expects {(p.IsStruct ? "struct " : "")}{p} but got {a}.", nameof(args));
                continue;
            }
            if (a.IsView != p.IsView || a.Type != p.Type)
                throw new ArgumentException($"Kernel '{kernel.Name}': argument '{p.Name}' (#{i}) expects {p} but got {a}.", nameof(args));
            if (!a.IsView) continue;
            if (a.Buffer is null)
                throw new ArgumentException($"Kernel '{kernel.Name}': argument '{p.Name}' (#{i}) is an empty view.", nameof(args));
            a.Buffer.ThrowIfDisposed();
            if (a.Buffer.Accelerator != Accelerator)
                throw new ArgumentException(
                    $"Kernel '{kernel.Name}': argument '{p.Name}' (#{i}) is buffer '{a.Buffer.Name}' of {a.Buffer.Accelerator.Device.Name}, not of {Accelerator.Device.Name}.", nameof(args));
        }
    }

    private void CheckGrid(KernelDefinition kernel, Index2D grid, Index2D group)
    {
        var device = Accelerator.Device;
        if (grid.X < 0 || grid.Y < 0 || group.X <= 0 || group.Y <= 0)
            throw BadSize(kernel, $"grid ({grid.X}, {grid.Y}) and group ({group.X}, {group.Y}) must be positive");
        if (group.Size > device.MaxGroupSize)
            throw BadSize(kernel, $"group ({group.X}, {group.Y}) has {group.Size} threads; {device.Name} allows at most {device.MaxGroupSize}");
        if (grid.X > device.MaxGridSize.X || grid.Y > device.MaxGridSize.Y)
            throw BadSize(kernel, $"grid ({grid.X}, {grid.Y}) exceeds the device limit ({device.MaxGridSize.X}, {device.MaxGridSize.Y})");
    }

    private static ArgumentOutOfRangeException BadSize(KernelDefinition kernel, string what) =>
        new("extent", $"Kernel '{kernel.Name}': {what}.");

    /// <summary>Throws if the stream or its accelerator is disposed.</summary>
    protected void ThrowIfDisposed()
    {
        Accelerator.ThrowIfDisposed();
        if (_disposed) throw new ObjectDisposedException(nameof(AcceleratorStream), $"A stream of {Accelerator.Device.Name} has been disposed.");
    }

    /// <summary>Releases the backend stream.</summary>
    protected abstract void DisposeCore();

    /// <summary>Waits for the stream and releases it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!Accelerator.IsDisposed) DisposeCore();
        GC.SuppressFinalize(this);
    }
}
