using System.Text.RegularExpressions;
using KernelGen.Runtime.OpenCL;

namespace KernelGen.Kernels;

/// <summary>
/// The built-in choice of GEMM variant, without timing anything. A row of <see cref="Rows"/> matches the device
/// (by "backend vendor name") and says which variants it may use; among those, the largest tile that still
/// gives every compute unit at least one group is taken (more reuse per load while the device stays full),
/// else the smallest tile (most parallelism for small problems). Rows follow what CLBlast's tuning found for
/// its Xgemm kernel: big NVIDIA and AMD GPUs profit from 8×8 register blocks, smaller GPUs stay at 2×2…4×4.
/// </summary>
public static class GemmTable
{
    /// <summary>A rule: devices whose "backend vendor name" matches <paramref name="Pattern"/> (and have at least
    /// <paramref name="MinUnitsForTile128"/> compute units for the 128-tile variant) may use <paramref name="Variants"/>.</summary>
    /// <param name="Pattern">Case-insensitive regular expression over "backend vendor name".</param>
    /// <param name="Variants">Variants allowed, largest tile first.</param>
    /// <param name="MinUnitsForTile128">Compute units below which <see cref="GemmVariant.Tile128"/> is dropped.</param>
    public sealed record Row(string Pattern, IReadOnlyList<GemmVariant> Variants, int MinUnitsForTile128 = 0);

    /// <summary>The rules, first match wins.</summary>
    public static IReadOnlyList<Row> Rows { get; } =
    [
        // Data-centre and large desktop NVIDIA parts (H100/H200: 132 SMs, 227 KiB shared): 128×128 for big problems.
        // Named parts are known to be big, whatever they report; other NVIDIA GPUs need 40 SMs for the 128-tile.
        new(@"^cuda .*(H100|H200|H800|GH200|B100|B200|A100|A800|L40)", [GemmVariant.Tile128, GemmVariant.Tile64, GemmVariant.Tile32]),
        new(@"^cuda ", [GemmVariant.Tile128, GemmVariant.Tile64, GemmVariant.Tile32], 40),
        new(@"^opencl gpu .*(NVIDIA|AMD|Advanced Micro|Radeon|gfx)", [GemmVariant.Tile128, GemmVariant.Tile64, GemmVariant.Tile32], 40),
        // Integrated and other GPUs: small register blocks.
        new(@"^opencl gpu ", [GemmVariant.Tile64, GemmVariant.Tile32]),
        // OpenCL on a CPU (PoCL): a group's work-items run one after another, so barriers cost memory round trips;
        // the register-block variant ran 2–8× faster than any shared-tile one on PoCL 3.1 (docs/perf.md).
        new(@"^opencl cpu ", [GemmVariant.Register]),
        new(".", [GemmVariant.Tile64]),
    ];

    /// <summary>The text the row patterns match: "cuda|opencl gpu|opencl cpu|cpu", vendor and name.</summary>
    public static string Describe(Device device)
    {
        string kind = device switch
        {
            OpenCLDevice cl => cl.IsGpu ? "opencl gpu" : "opencl cpu",
            _ => device.Backend.ToString().ToLowerInvariant(),
        };
        return $"{kind} {device.Vendor} {device.Name}";
    }

    /// <summary>The variant for a problem of <paramref name="batch"/> m×n outputs on <paramref name="device"/>.</summary>
    public static GemmVariant Choose(Device device, int m, int n, int k, int batch)
    {
        string text = Describe(device);
        var row = Rows.First(r => Regex.IsMatch(text, r.Pattern, RegexOptions.IgnoreCase));
        var allowed = row.Variants
            .Where(v => v != GemmVariant.Tile128 || device.ComputeUnits >= row.MinUnitsForTile128)
            .Where(v => v.FitsOn(device))
            .ToList();
        if (allowed.Count == 0)
            allowed = GemmVariant.All.Where(v => v.FitsOn(device)).OrderByDescending(v => v.Tile).ToList();
        if (allowed.Count == 0)
            throw new NotSupportedException(
                $"Gemm: no GEMM variant fits {device.Name} ({device.SharedMemoryBytes} bytes shared, {device.MaxGroupSize} threads per group; " +
                $"the smallest needs {GemmVariant.Tile32.SharedBytes} bytes and {GemmVariant.GroupThreads} threads).");
        int units = Math.Max(1, device.ComputeUnits);
        // A tile wider than the matrix's smaller side mostly computes padding (a batched 8×196 GEMM of a small
        // convolution in a 128-tile runs at a sixteenth of its rate): such tiles are never chosen, whatever the batch.
        int fits = Math.Max(allowed.Min(v => v.Tile), (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Math.Min(m, n))));
        allowed = allowed.Where(v => v.Tile <= fits).ToList();
        foreach (var v in allowed.OrderByDescending(v => v.Tile))
            if (v.Groups(m, n, batch) >= units) return v;
        return allowed.MinBy(v => v.Tile)!;
    }
}
