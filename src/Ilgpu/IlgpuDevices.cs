namespace KernelGen.ILGPU;

// Inside the namespace, so ILGPU's Context and Device win over KernelGen's types of the same names.
using global::ILGPU;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;
using global::ILGPU.Runtime.Cuda;
using global::ILGPU.Runtime.OpenCL;

/// <summary>One line of <see cref="IlgpuDevices.List"/>: an ILGPU accelerator found, or a kind of accelerator missing or refused.</summary>
/// <param name="Id">The accelerator's id (<c>ilgpu:cpu</c>, <c>ilgpu:cuda:0</c>, <c>ilgpu:opencl:0</c>), or the kind's (<c>ilgpu:cuda</c>) when none is found.</param>
/// <param name="Name">ILGPU's name of the device, or of the kind when none is found.</param>
/// <param name="MemoryBytes">The device's memory as ILGPU reports it; null for the CPU accelerator (host memory) and for a missing kind.</param>
/// <param name="Available">True when ILGPU created an accelerator on the device.</param>
/// <param name="Detail">What the accelerator offers, or why it is missing or refused (ILGPU's own message).</param>
public sealed record IlgpuListing(string Id, string Name, long? MemoryBytes, bool Available, string Detail);

/// <summary>
/// Lists ILGPU's accelerators (its CPU accelerator, CUDA devices, OpenCL devices) through an ILGPU <see cref="Context"/>
/// per kind, creating an accelerator on each device to learn whether ILGPU accepts it. Never throws: an ILGPU
/// exception becomes the <see cref="IlgpuListing.Detail"/> of an unavailable line.
/// </summary>
public static class IlgpuDevices
{
    /// <summary>Every ILGPU accelerator and every kind missing or refused, CPU first, then CUDA, then OpenCL.</summary>
    public static IReadOnlyList<IlgpuListing> List() =>
    [
        .. ListKind("cpu", "CPU accelerator", builder => builder.DefaultCPU(), () => null),
        .. ListKind("cuda", "CUDA", builder => builder.Cuda(_ => true),
            () => Loads(() => CudaAPI.CurrentAPI.Init()) ? null : "no CUDA driver: ILGPU could not load and initialize libcuda.so"),
        .. ListKind("opencl", "OpenCL", builder => builder.OpenCL(_ => true),
            () => Loads(() => CLAPI.CurrentAPI.Init()) ? null : "libOpenCL.so not found: ILGPU loads libOpenCL.so (on Debian, package ocl-icd-opencl-dev)"),
    ];

    /// <summary>The devices of one kind, each probed, or one line saying why the kind is missing.</summary>
    private static IEnumerable<IlgpuListing> ListKind(string kind, string kindName, Func<Context.Builder, Context.Builder> include, Func<string?> whyMissing)
    {
        var kindId = "ilgpu:" + kind;
        var lines = new List<IlgpuListing>();
        try
        {
            if (whyMissing() is { } reason)
                return [new IlgpuListing(kindId, kindName, null, false, reason)];
            using var context = Context.Create(builder => include(builder));
            var devices = context.Devices;
            if (devices.Length == 0)
                return [new IlgpuListing(kindId, kindName, null, false, $"ILGPU found no {kindName} device")];
            for (var i = 0; i < devices.Length; i++)
                lines.Add(Probe(context, devices[i], kind == "cpu" && devices.Length == 1 ? kindId : $"{kindId}:{i}"));
            return lines;
        }
        catch (Exception e)
        {
            lines.Add(new IlgpuListing(kindId, kindName, null, false, Reason(e)));
            return lines;
        }
    }

    /// <summary>Creates (and disposes) an accelerator on <paramref name="device"/>: available with what it offers, or refused with ILGPU's reason.</summary>
    private static IlgpuListing Probe(Context context, Device device, string id)
    {
        long? memory = device is CPUDevice ? null : device.MemorySize;
        try
        {
            using var accelerator = device.CreateAccelerator(context);
            var version = device is CLDevice cl ? $", {cl.CVersion} on {cl.PlatformName}" : "";
            return new IlgpuListing(id, device.Name, memory, true,
                $"{accelerator.NumMultiprocessors} multiprocessors, warp {accelerator.WarpSize}, max group {accelerator.MaxNumThreadsPerGroup}{version}");
        }
        catch (Exception e)
        {
            var why = device is CLDevice { Capabilities.GenericAddressSpace: false }
                ? $"refused by ILGPU, which needs the OpenCL generic address space: {Reason(e)}"
                : $"refused by ILGPU: {Reason(e)}";
            return new IlgpuListing(id, device.Name, memory, false, why);
        }
    }

    /// <summary>Whether ILGPU's binding to a native API loaded and initialized it (false when it reports failure or throws).</summary>
    private static bool Loads(Func<bool> init)
    {
        try { return init(); }
        catch (Exception) { return false; }
    }

    /// <summary>An exception as one line: its type and message, with the innermost cause's message when there is one.</summary>
    private static string Reason(Exception e)
    {
        var inner = e;
        while (inner.InnerException is { } next)
            inner = next;
        var line = $"{e.GetType().Name}: {e.Message}";
        return inner == e ? line : $"{line} ({inner.GetType().Name}: {inner.Message})";
    }
}
