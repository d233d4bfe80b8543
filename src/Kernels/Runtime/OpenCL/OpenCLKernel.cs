using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>
/// A built program and its kernel. A <c>cl_kernel</c>'s arguments are shared state, so setting them and
/// enqueueing happen under <see cref="_gate"/>; a launch allocates nothing on the managed heap.
/// </summary>
internal sealed unsafe class OpenCLKernel(nint program, nint kernel, byte[] entryPoint)
{
    private readonly object _gate = new();
    private nint _program = program, _kernel = kernel;

    /// <summary>Sets the arguments per the generated-code ABI and enqueues the launch; never waits.</summary>
    public void Launch(nint queue, KernelDefinition definition, in LaunchDims dims, ReadOnlySpan<KernelArg> args, string deviceName)
    {
        lock (_gate)
        {
            var k = _kernel;
            if (k == 0) throw new ObjectDisposedException(definition.Name, $"Kernel '{definition.Name}' on {deviceName} has been released.");
            SetArguments(k, definition, dims, args, deviceName);
            Enqueue(queue, k, definition, dims, deviceName);
        }
    }

    /// <summary>
    /// A kernel object of its own for one launch of a captured step, its arguments set once (the caller releases it
    /// with <c>clReleaseKernel</c>); <see cref="Enqueue"/> then launches it again and again.
    /// </summary>
    public nint Bind(KernelDefinition definition, in LaunchDims dims, ReadOnlySpan<KernelArg> args, string deviceName)
    {
        lock (_gate)
        {
            if (_program == 0) throw new ObjectDisposedException(definition.Name, $"Kernel '{definition.Name}' on {deviceName} has been released.");
            int err;
            nint k;
            fixed (byte* e = entryPoint) k = clCreateKernel(_program, e, &err);
            ClError.Check(err, "clCreateKernel", $"binding a captured launch of kernel '{definition.Name}' on {deviceName}");
            try
            {
                SetArguments(k, definition, dims, args, deviceName);
            }
            catch
            {
                clReleaseKernel(k);
                throw;
            }
            return k;
        }
    }

    /// <summary>Enqueues kernel object <paramref name="k"/> (its arguments set) over <paramref name="dims"/>.</summary>
    public static void Enqueue(nint queue, nint k, KernelDefinition definition, in LaunchDims dims, string deviceName)
    {
        bool twoD = definition.Shape == KernelShape.Index2D || (long)dims.GridDim.Y * dims.GroupDim.Y > 1;
        var global = stackalloc nuint[2] { (nuint)dims.GridDim.X * (nuint)dims.GroupDim.X, (nuint)dims.GridDim.Y * (nuint)dims.GroupDim.Y };
        var local = stackalloc nuint[2] { (nuint)dims.GroupDim.X, (nuint)dims.GroupDim.Y };
        int err = clEnqueueNDRangeKernel(queue, k, twoD ? 2u : 1u, null, global, local, 0, null, null);
        if (err != CL_SUCCESS)
            throw ClError.Fail(err, "clEnqueueNDRangeKernel",
                $"launching kernel '{definition.Name}' on {deviceName} with grid ({dims.GridDim.X}, {dims.GridDim.Y}) x group ({dims.GroupDim.X}, {dims.GroupDim.Y})");
    }

    private static void SetArguments(nint k, KernelDefinition definition, in LaunchDims dims, ReadOnlySpan<KernelArg> args, string deviceName)
    {
        uint index = 0;
        var bytes = stackalloc byte[KernelArg.MaxStructSize]; // clSetKernelArg copies the value, so one buffer serves every struct
        if (definition.Shape != KernelShape.Grouped)
        {
            int x = dims.Extent.X;
            Set(k, index++, sizeof(int), &x, definition, -1, deviceName);
            if (definition.Shape == KernelShape.Index2D)
            {
                int y = dims.Extent.Y;
                Set(k, index++, sizeof(int), &y, definition, -1, deviceName);
            }
        }
        for (int i = 0; i < args.Length; i++)
        {
            ref readonly var arg = ref args[i];
            if (arg.IsView)
            {
                nint memory = arg.Buffer!.NativeHandle;
                int offset = arg.Offset, length = arg.Length;
                Set(k, index++, (nuint)sizeof(nint), &memory, definition, i, deviceName);
                Set(k, index++, sizeof(int), &offset, definition, i, deviceName);
                Set(k, index++, sizeof(int), &length, definition, i, deviceName);
            }
            else if (arg.IsStruct)
            {
                arg.CopyStructTo(new Span<byte>(bytes, KernelArg.MaxStructSize));
                Set(k, index++, (nuint)arg.StructSize, bytes, definition, i, deviceName);
            }
            else
            {
                uint bits = arg.Bits;
                Set(k, index++, sizeof(uint), &bits, definition, i, deviceName);
            }
        }
    }

    private static void Set(nint kernel, uint index, nuint size, void* value, KernelDefinition definition, int parameter, string deviceName)
    {
        int err = clSetKernelArg(kernel, index, size, value);
        if (err != CL_SUCCESS) throw SetFailed(err, index, definition, parameter, deviceName);
    }

    private static AcceleratorException SetFailed(int err, uint index, KernelDefinition definition, int parameter, string deviceName) =>
        ClError.Fail(err, "clSetKernelArg",
            $"setting OpenCL argument #{index} ({(parameter < 0 ? "extent" : $"parameter '{definition.Parameters[parameter].Name}'")}) of kernel '{definition.Name}' on {deviceName}");

    /// <summary>Releases the kernel and program; later launches throw.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (_kernel != 0) clReleaseKernel(_kernel);
            if (_program != 0) clReleaseProgram(_program);
            _kernel = _program = 0;
        }
    }
}
