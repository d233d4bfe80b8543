using KernelGen.Runtime.Cpu;
using KernelGen.Runtime.Cuda;
using KernelGen.Runtime.OpenCL;

namespace KernelGen;

/// <summary>
/// Discovers every device: the CPU always, OpenCL devices through libOpenCL.so.1 and CUDA devices through
/// libcuda.so.1. A backend that cannot load is reported in <see cref="Backends"/> with the reason; discovery
/// never throws for it.
/// </summary>
public sealed class Context : IDisposable
{
    /// <summary>Environment variable listing the backends to probe (e.g. <c>cpu,opencl</c>); all when unset.</summary>
    public const string BackendsVariable = "KERNELGEN_BACKENDS";

    private Context(IReadOnlyList<Device> devices, IReadOnlyList<BackendStatus> backends)
    {
        Devices = devices;
        Backends = backends;
    }

    /// <summary>Every device found, CPU first.</summary>
    public IReadOnlyList<Device> Devices { get; }

    /// <summary>One status line per backend.</summary>
    public IReadOnlyList<BackendStatus> Backends { get; }

    /// <summary>Probes the backends (all of them, or those in <see cref="BackendsVariable"/>).</summary>
    public static Context Create()
    {
        var wanted = Environment.GetEnvironmentVariable(BackendsVariable);
        var set = string.IsNullOrWhiteSpace(wanted)
            ? [Backend.Cpu, Backend.OpenCL, Backend.Cuda]
            : wanted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(ParseBackend).ToArray();
        return Create(set);
    }

    /// <summary>Probes the named backends only.</summary>
    public static Context Create(params Backend[] backends)
    {
        var devices = new List<Device>();
        var statuses = new List<BackendStatus>();
        foreach (var backend in new[] { Backend.Cpu, Backend.OpenCL, Backend.Cuda })
        {
            if (!backends.Contains(backend))
            {
                statuses.Add(new BackendStatus(backend, false, $"not probed ({BackendsVariable} excludes it)"));
                continue;
            }
            try
            {
                var (found, status) = backend switch
                {
                    Backend.Cpu => CpuBackend.Discover(),
                    Backend.OpenCL => OpenCLBackend.Discover(),
                    _ => CudaBackend.Discover(),
                };
                devices.AddRange(found);
                statuses.Add(status);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or AcceleratorException or BadImageFormatException)
            {
                statuses.Add(new BackendStatus(backend, false, e.Message));
            }
        }
        return new Context(devices, statuses);
    }

    /// <summary>
    /// The device named by <paramref name="spec"/>: <c>auto</c> (the fastest present), <c>cpu</c>,
    /// <c>opencl</c>, <c>opencl:N</c>, <c>cuda</c> or <c>cuda:N</c>.
    /// </summary>
    public Device GetDevice(string spec)
    {
        spec = spec.Trim().ToLowerInvariant();
        if (spec == "auto") return BestDevice;
        var parts = spec.Split(':');
        var backend = ParseBackend(parts[0]);
        int index = 0;
        if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], out index)))
            throw new ArgumentException($"Device '{spec}' is not of the form auto, cpu, opencl[:N] or cuda[:N].", nameof(spec));
        var candidates = Devices.Where(d => d.Backend == backend).ToList();
        if (candidates.Count == 0)
        {
            var status = Backends.First(b => b.Backend == backend);
            throw new ArgumentException($"Device '{spec}': no {backend} device is available ({status.Detail}).", nameof(spec));
        }
        if (index < 0 || index >= candidates.Count)
            throw new ArgumentException(
                $"Device '{spec}': {backend} has {candidates.Count} device(s): {string.Join(", ", candidates.Select(d => d.Id))}.", nameof(spec));
        return candidates[index];
    }

    /// <summary>The device expected to be fastest: a CUDA GPU, else an OpenCL GPU, else the CPU.</summary>
    public Device BestDevice =>
        Devices.FirstOrDefault(d => d.Backend == Backend.Cuda)
        ?? Devices.FirstOrDefault(d => d is OpenCLDevice { IsGpu: true })
        ?? Devices.First(d => d.Backend == Backend.Cpu);

    private static Backend ParseBackend(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cpu" => Backend.Cpu,
        "opencl" or "cl" => Backend.OpenCL,
        "cuda" => Backend.Cuda,
        _ => throw new ArgumentException($"Unknown backend '{name}'; expected cpu, opencl or cuda."),
    };

    /// <summary>Nothing to release: accelerators are disposed by their owners.</summary>
    public void Dispose() => GC.SuppressFinalize(this);
}
