namespace KernelGen.ILGPU;

using global::ILGPU;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;
using global::ILGPU.Runtime.Cuda;
using global::ILGPU.Runtime.OpenCL;
using global::ILGPU.Algorithms;

/// <summary>
/// KernelGen on ILGPU's accelerators: <see cref="GetDevice"/> finds <c>ilgpu:cpu</c>, <c>ilgpu:cuda[:N]</c> or
/// <c>ilgpu:opencl[:N]</c>; <see cref="Wrap"/> hosts KernelGen on an accelerator the caller already has.
/// </summary>
public static class IlgpuBackend
{
    /// <summary>The device ids this backend accepts, for help and errors.</summary>
    public const string Accepted = "ilgpu:cpu, ilgpu:cuda[:N], ilgpu:opencl[:N]";

    /// <summary>
    /// The CPU accelerator of <c>ilgpu:cpu</c>: one simulated multiprocessor of 8 warps of 32 threads, so groups of up to
    /// 256 threads (the library's grouped kernels use 256) run with real barriers. ILGPU's default CPU device allows 16.
    /// </summary>
    public static CPUDevice ReferenceCpu { get; } = new(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 8, numMultiprocessors: 1);

    /// <summary>Whether <paramref name="spec"/> names an ILGPU device (starts with <c>ilgpu</c>).</summary>
    public static bool Names(string spec)
    {
        var s = spec.Trim();
        return s.Equals("ilgpu", StringComparison.OrdinalIgnoreCase) || s.StartsWith("ilgpu:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The ILGPU device <paramref name="spec"/> names; an <see cref="ArgumentException"/> with ILGPU's reason when the
    /// kind is missing or refused, or the spec is malformed.
    /// </summary>
    public static IlgpuDevice GetDevice(string spec)
    {
        var parts = spec.Trim().ToLowerInvariant().Split(':');
        int index = 0;
        if (parts.Length < 2 || parts.Length > 3 || parts[0] != "ilgpu" || (parts.Length == 3 && !int.TryParse(parts[2], out index)) || index < 0
            || (parts[1] == "cpu" && parts.Length == 3 && index != 0))
            throw new ArgumentException($"Device '{spec}' is not one of {Accepted}.", nameof(spec));
        var (type, include) = parts[1] switch
        {
            "cpu" => (AcceleratorType.CPU, (Func<Context.Builder, Context.Builder>)(b => b.CPU(ReferenceCpu))),
            "cuda" => (AcceleratorType.Cuda, b => b.Cuda(_ => true)),
            "opencl" or "cl" => (AcceleratorType.OpenCL, b => b.OpenCL(_ => true)),
            _ => throw new ArgumentException($"Device '{spec}': unknown ILGPU kind '{parts[1]}'; expected one of {Accepted}.", nameof(spec)),
        };
        var id = type == AcceleratorType.CPU ? "ilgpu:cpu" : $"ilgpu:{parts[1]}:{index}";
        (Context?, global::ILGPU.Runtime.Accelerator) Open()
        {
            var context = CreateContext(include, type);
            try
            {
                var devices = context.Devices.Where(d => d.AcceleratorType == type).ToArray();
                if (index >= devices.Length) throw Missing(spec, parts[1], devices.Length);
                return (context, devices[index].CreateAccelerator(context));
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }
        try
        {
            var (context, probe) = Open();
            using (context)
            using (probe)
                return new IlgpuDevice(id, index, probe, Open);
        }
        catch (ArgumentException) { throw; }
        catch (Exception e)
        {
            var listed = IlgpuDevices.List().FirstOrDefault(d => !d.Available && (d.Id == id || d.Id == $"ilgpu:{parts[1]}"));
            var why = listed?.Detail ?? $"{e.GetType().Name}: {e.Message}";
            throw new ArgumentException($"Device '{spec}' is not available: {why}", nameof(spec), e);
        }
    }

    /// <summary>
    /// Hosts KernelGen on <paramref name="accelerator"/>, which stays the caller's (disposing the result leaves it open).
    /// KernelGen's default stream is the accelerator's default stream, so the caller's ILGPU kernels and KernelGen's
    /// launches on it run in order without a host wait.
    /// </summary>
    public static KernelGen.Accelerator Wrap(global::ILGPU.Runtime.Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        var sameKind = accelerator.Context.Devices.Where(d => d.AcceleratorType == accelerator.AcceleratorType).ToList();
        int index = Math.Max(0, sameKind.IndexOf(accelerator.Device));
        var id = accelerator.AcceleratorType switch
        {
            AcceleratorType.CPU => "ilgpu:cpu",
            AcceleratorType.Cuda => $"ilgpu:cuda:{index}",
            _ => $"ilgpu:opencl:{index}",
        };
        var device = new IlgpuDevice(id, index, accelerator, () => (null, accelerator.Device.CreateAccelerator(accelerator.Context)));
        return new IlgpuAccelerator(device, accelerator, ownedContext: null);
    }

    /// <summary>
    /// What a context of the caller's needs before <see cref="Wrap"/> can run KernelGen's kernels on its accelerators:
    /// optimization level O2 (ILGPU's default emits generic loads and stores), profiling markers (KernelGen's events)
    /// and ILGPU.Algorithms (the kernels' exp, log and tanh). On the CPU, use <see cref="ReferenceCpu"/>: the library's
    /// grouped kernels launch groups of 256 threads.
    /// </summary>
    public static Context.Builder ForKernelGen(this Context.Builder builder) => builder.Optimize(OptimizationLevel.O2).Profiling().EnableAlgorithms();

    /// <summary>A context for one kind, <see cref="ForKernelGen"/>, with libdevice's exact math on CUDA when a CUDA toolkit is found.</summary>
    private static Context CreateContext(Func<Context.Builder, Context.Builder> include, AcceleratorType type)
    {
        if (type == AcceleratorType.Cuda)
        {
            try { return Context.Create(b => include(b).ForKernelGen().LibDevice()); }
            catch (Exception e) when (e is not OutOfMemoryException) { }
        }
        return Context.Create(b => include(b).ForKernelGen());
    }

    private static ArgumentException Missing(string spec, string kind, int count)
    {
        if (count > 0) return new($"Device '{spec}': ILGPU has {count} {kind} device(s), numbered from 0.", nameof(spec));
        var why = IlgpuDevices.List().FirstOrDefault(d => !d.Available && d.Id.StartsWith($"ilgpu:{kind}", StringComparison.Ordinal))?.Detail;
        return new($"Device '{spec}': ILGPU found no {kind} device{(why is null ? "" : $" ({why})")}.", nameof(spec));
    }
}
