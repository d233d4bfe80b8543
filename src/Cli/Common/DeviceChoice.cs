using System.CommandLine;
using KernelGen.ILGPU;

namespace KernelGen.Cli;

/// <summary>The <c>--device</c> option shared by the commands that compute, and how its value picks a device.</summary>
internal static class DeviceChoice
{
    /// <summary>What <c>--device</c> accepts, for help and errors.</summary>
    public const string Accepted = "auto (the fastest present: CUDA, else an OpenCL GPU, else the CPU), cpu, opencl[:N], cuda[:N], " +
        "or an ILGPU accelerator running ILGPU's compilation of the kernels: " + IlgpuBackend.Accepted;

    /// <summary>A new <c>--device</c> option (default <c>auto</c>).</summary>
    public static Option<string> Create() => new("--device")
    {
        Description = $"Device to run on: {Accepted}.",
        DefaultValueFactory = _ => "auto",
        HelpName = "auto|cpu|opencl[:N]|cuda[:N]|ilgpu:cpu|ilgpu:cuda[:N]|ilgpu:opencl[:N]",
    };

    /// <summary>Finds the device; a spec that names no present device is an <see cref="ArgumentException"/> listing those present.</summary>
    public static Device Resolve(Context context, string spec)
    {
        try
        {
            return IlgpuBackend.Names(spec) ? IlgpuBackend.GetDevice(spec) : context.GetDevice(spec);
        }
        catch (ArgumentException e)
        {
            var present = string.Join(", ", context.Devices.Select(d => d.Id).Concat(IlgpuDevices.List().Where(d => d.Available).Select(d => d.Id)));
            throw new ArgumentException($"{CliErrors.OneLine(e.Message)} Devices present: auto, {present}.", e);
        }
    }

    /// <summary>
    /// Opens an accelerator on the device <paramref name="spec"/> names. A spec without an index (<c>auto</c>,
    /// <c>cuda</c>, <c>opencl</c>) takes that kind's device number <paramref name="localRank"/> (modulo their count):
    /// the ranks of a data-parallel run on one machine then spread over its GPUs.
    /// </summary>
    public static Accelerator Open(string spec, int localRank = 0)
    {
        using var context = Context.Create();
        var device = Resolve(context, spec);
        if (localRank > 0 && !spec.Contains(':') && device.Backend is Backend.Cuda or Backend.OpenCL)
        {
            var kind = context.Devices.Where(d => d.Backend == device.Backend).ToList();
            device = kind[localRank % kind.Count];
        }
        try
        {
            return device.CreateAccelerator();
        }
        catch (AcceleratorException e)
        {
            throw new ArgumentException($"Device '{device.Id}' ({device.Name}) cannot be opened: {CliErrors.OneLine(e.Message)}", e);
        }
    }
}
