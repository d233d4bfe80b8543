using System.Globalization;
using System.Text.Json;

namespace KernelGen.Perf;

/// <summary>One measured case: the fields every suite and peer script writes, one JSON object per line.</summary>
/// <param name="Device">"cpu", "opencl", "cuda" (as given to --device), or a peer's "cpu-torch", "cuda-torch".</param>
/// <param name="Op">Operation, e.g. "sgemm".</param>
/// <param name="Shape">Shape label, e.g. "1024x1024x1024" (m x n x k).</param>
/// <param name="Ms">Median wall time of the repeated runs after warm-up, in milliseconds.</param>
/// <param name="Gflops">Useful floating-point work per second, in GFLOP/s.</param>
/// <param name="PctPeak">Gflops as a percentage of the device peak measured at start-up (null if unknown).</param>
public sealed record BenchRecord(string Device, string Op, string Shape, double Ms, double Gflops, double? PctPeak)
{
    /// <summary>Kernel variant that ran (GPU GEMM: <c>tile32</c>, <c>tile64</c>, <c>tile128</c>), or null.</summary>
    public string? Variant { get; init; }

    /// <summary>The record as one line of JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("device", Device);
            w.WriteString("op", Op);
            w.WriteString("shape", Shape);
            w.WriteNumber("ms", Math.Round(Ms, 4));
            w.WriteNumber("gflops", Math.Round(Gflops, 2));
            if (PctPeak is { } p) w.WriteNumber("pct_peak", Math.Round(p, 1));
            else w.WriteNull("pct_peak");
            if (Variant is not null) w.WriteString("variant", Variant);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses one JSON line written by <see cref="ToJson"/> or a peer script.</summary>
    public static BenchRecord Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        double? pct = e.TryGetProperty("pct_peak", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;
        return new BenchRecord(e.GetProperty("device").GetString()!, e.GetProperty("op").GetString()!,
            e.GetProperty("shape").GetString()!, e.GetProperty("ms").GetDouble(), e.GetProperty("gflops").GetDouble(), pct)
        {
            Variant = e.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null,
        };
    }

    /// <summary>Invariant-culture number formatting for tables.</summary>
    public static string F(double v, int digits) => v.ToString("F" + digits, CultureInfo.InvariantCulture);
}
