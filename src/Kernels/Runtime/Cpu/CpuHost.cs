using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KernelGen.Runtime.Cpu;

/// <summary>
/// What the host CPU is, as the CPU kernels size their work by it: cores, the data caches one core sees, and the
/// widest vector path. Read once from Linux's <c>/sys/devices/system/cpu/cpu0/cache</c>; where that cannot be read the
/// sizes are assumed (32 KiB L1d, 512 KiB L2, 2 MiB of L3 per core) and <see cref="CacheSource"/> says so.
/// </summary>
/// <param name="Cores">Threads the pool runs (the caller included).</param>
/// <param name="L1DataBytes">Level-1 data cache of one core.</param>
/// <param name="L1Ways">Its associativity.</param>
/// <param name="L2Bytes">Level-2 cache of one core (its share, where it is shared).</param>
/// <param name="L3Bytes">Last-level cache one core may count on: the cache divided by the cores sharing it.</param>
/// <param name="VectorPath">"AVX-512", "AVX2" (with FMA) or "scalar": the GEMM micro-kernel family the host runs.</param>
/// <param name="CacheSource">Where the cache sizes came from.</param>
public sealed record CpuHost(int Cores, long L1DataBytes, int L1Ways, long L2Bytes, long L3Bytes, string VectorPath, string CacheSource)
{
    private const string SysCache = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>This machine.</summary>
    public static CpuHost Current { get; } = Detect();

    /// <summary>One line for reports: "2 cores, L1d 32 KiB, L2 1024 KiB, L3 16384 KiB per core, AVX-512 (caches from /sys…)".</summary>
    public string Describe() =>
        $"{Cores} cores, L1d {L1DataBytes >> 10} KiB {L1Ways}-way, L2 {L2Bytes >> 10} KiB, L3 {L3Bytes >> 10} KiB per core, {VectorPath} (caches {CacheSource})";

    /// <summary>The widest path this runtime accelerates.</summary>
    public static string DetectVectorPath() =>
        Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated && Fma.IsSupported ? "AVX2" : "scalar";

    private static CpuHost Detect()
    {
        int cores = Environment.ProcessorCount;
        long l1 = 32 << 10, l2 = 512 << 10, l3 = 2 << 20;
        int l1Ways = 8;
        string source = "assumed: " + SysCache + " not readable";
        try
        {
            bool any = false;
            foreach (var dir in Directory.EnumerateDirectories(SysCache, "index*"))
            {
                string type = File.ReadAllText(Path.Combine(dir, "type")).Trim();
                if (type == "Instruction") continue;
                int level = int.Parse(File.ReadAllText(Path.Combine(dir, "level")).Trim(), CultureInfo.InvariantCulture);
                long size = ParseSize(File.ReadAllText(Path.Combine(dir, "size")).Trim());
                int sharing = CountCpus(File.ReadAllText(Path.Combine(dir, "shared_cpu_list")).Trim());
                if (size <= 0) continue;
                long share = size / Math.Max(1, Math.Min(sharing, cores));
                if (level == 1)
                {
                    l1 = share;
                    l1Ways = int.Parse(File.ReadAllText(Path.Combine(dir, "ways_of_associativity")).Trim(), CultureInfo.InvariantCulture);
                }
                else if (level == 2) l2 = share;
                else if (level == 3) l3 = share;
                any = true;
            }
            if (any) source = "from " + SysCache;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException) { }
        return new CpuHost(cores, l1, Math.Max(2, l1Ways), l2, Math.Max(l3, l2), DetectVectorPath(), source);
    }

    /// <summary>"32K", "1024K", "32M" or a plain byte count.</summary>
    internal static long ParseSize(string text)
    {
        long unit = 1;
        if (text.EndsWith('K')) unit = 1 << 10;
        else if (text.EndsWith('M')) unit = 1 << 20;
        else if (text.EndsWith('G')) unit = 1 << 30;
        string digits = unit == 1 ? text : text[..^1];
        return long.Parse(digits, CultureInfo.InvariantCulture) * unit;
    }

    /// <summary>CPUs in a list such as "0-3,8,10-11".</summary>
    internal static int CountCpus(string list)
    {
        int count = 0;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            int lo = int.Parse(ends[0], CultureInfo.InvariantCulture);
            int hi = ends.Length > 1 ? int.Parse(ends[1], CultureInfo.InvariantCulture) : lo;
            count += hi - lo + 1;
        }
        return Math.Max(1, count);
    }
}
