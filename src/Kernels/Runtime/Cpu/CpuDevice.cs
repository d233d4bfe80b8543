using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KernelGen.Runtime.Cpu;

/// <summary>The host CPU: kernels run as .NET code on a pool of one thread per core.</summary>
public sealed class CpuDevice : Device
{
    internal CpuDevice()
    {
        (Name, Mhz) = ReadCpuInfo();
    }

    /// <inheritdoc/>
    public override Backend Backend => Backend.Cpu;
    /// <inheritdoc/>
    public override int Index => 0;
    /// <inheritdoc/>
    public override string Name { get; }
    /// <inheritdoc/>
    public override string Vendor => RuntimeInformation.ProcessArchitecture.ToString();
    /// <inheritdoc/>
    public override string DriverVersion => $".NET {Environment.Version}";
    /// <inheritdoc/>
    public override long MemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    /// <inheritdoc/>
    public override int ComputeUnits => Environment.ProcessorCount;
    /// <inheritdoc/>
    public override int MaxGroupSize => 1024;
    /// <inheritdoc/>
    public override int SharedMemoryBytes => 48 * 1024;

    /// <summary>Clock in MHz from /proc/cpuinfo, if known.</summary>
    public double? Mhz { get; }

    /// <summary>The widest SIMD the runtime accelerates.</summary>
    public string SimdDescription => Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "SSE/NEON";

    /// <summary>Cores x clock x FMA lanes x 2 FMA units x 2 flops.</summary>
    public override double? PeakGflops => Mhz is { } mhz ? ComputeUnits * mhz / 1000.0 * (Vector256.IsHardwareAccelerated ? 8 : 4) * 2 * 2 : null;

    /// <inheritdoc/>
    public override Accelerator CreateAccelerator() => new CpuAccelerator(this);

    private static (string, double?) ReadCpuInfo()
    {
        string name = RuntimeInformation.ProcessArchitecture + " CPU";
        double? mhz = null;
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                var parts = line.Split(':', 2);
                if (parts.Length != 2) continue;
                var key = parts[0].Trim();
                if (key == "model name" && name.EndsWith(" CPU", StringComparison.Ordinal)) name = parts[1].Trim();
                if (key == "cpu MHz" && mhz is null && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var m)) mhz = m;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return (name, mhz);
    }
}
