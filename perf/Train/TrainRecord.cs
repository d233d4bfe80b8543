using System.Globalization;
using System.Text.Json;
using KernelGen.Models.Training;

namespace KernelGen.Perf.Train;

/// <summary>
/// One model's training measurement. The JSON line always has the same fields in the same order (null when not
/// measured), so runs can be diffed.
/// </summary>
public sealed record TrainRecord(string Side, string Device, string Model, int Batch, double ImagesPerSecond, double StepMs,
    long? PeakDeviceBytes, double? StartupColdSeconds, double? StartupWarmSeconds, string Note = "")
{
    /// <summary>What a step does, as the runtime counts it (<c>--counters</c>), or null.</summary>
    public StepCounts? Counts { get; init; }

    /// <summary>FLOPs of the step's products (GEMMs, convolutions) per second at the median rate, or null (the peer).</summary>
    public double? StepGflops { get; init; }

    /// <summary>The step's time with a synchronization after every node (<c>--profile</c>): the sum of its parts, or null.</summary>
    public double? ProfiledStepMs { get; init; }

    /// <summary><see cref="StepGflops"/> as a share of the FMA peak measured at the start of the run (CPU), or null.</summary>
    public double? PctPeak { get; init; }

    /// <summary>The record as one line of JSON, fields in a fixed order.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("suite", "train");
            w.WriteString("side", Side);
            w.WriteString("device", Device);
            w.WriteString("model", Model);
            w.WriteNumber("batch", Batch);
            w.WriteNumber("images_per_s", Math.Round(ImagesPerSecond, 1));
            w.WriteNumber("step_ms", Math.Round(StepMs, 3));
            Nullable(w, "peak_device_bytes", PeakDeviceBytes);
            Nullable(w, "startup_cold_s", StartupColdSeconds is { } c ? Math.Round(c, 3) : null);
            Nullable(w, "startup_warm_s", StartupWarmSeconds is { } h ? Math.Round(h, 3) : null);
            Nullable(w, "step_gflops", StepGflops is { } gf ? Math.Round(gf, 1) : null);
            Nullable(w, "pct_peak", PctPeak is { } pct ? Math.Round(pct, 1) : null);
            Nullable(w, "profiled_step_ms", ProfiledStepMs is { } pm ? Math.Round(pm, 3) : null);
            w.WriteString("note", Note);
            if (Counts is { } counts)
            {
                w.WriteStartObject("per_step");
                w.WriteNumber("launches", counts.Launches);
                w.WriteNumber("fills", counts.Fills);
                w.WriteNumber("uploads", counts.Uploads);
                w.WriteNumber("downloads", counts.Downloads);
                w.WriteNumber("device_copies", counts.DeviceCopies);
                w.WriteNumber("host_waits", counts.HostWaits);
                w.WriteNumber("staging_waits", counts.StagingWaits);
                w.WriteNumber("allocations", counts.Allocations);
                w.WriteNumber("compilations", counts.Compilations);
                w.WriteNumber("file_system_calls", counts.FileSystemCalls);
                w.WriteNumber("managed_bytes", counts.ManagedBytes);
                w.WriteBoolean("launches_repeat", counts.LaunchesRepeat);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a line written by <see cref="ToJson"/> or by the peer script.</summary>
    public static TrainRecord FromJson(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        double? D(string n) => e.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return new TrainRecord(e.GetProperty("side").GetString()!, e.GetProperty("device").GetString()!, e.GetProperty("model").GetString()!,
            e.GetProperty("batch").GetInt32(), D("images_per_s") ?? 0, D("step_ms") ?? 0,
            D("peak_device_bytes") is { } b ? (long)b : null, D("startup_cold_s"), D("startup_warm_s"),
            e.TryGetProperty("note", out var note) ? note.GetString() ?? "" : "");
    }

    private static void Nullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Nullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>Invariant formatting for tables.</summary>
    public static string F(double? value, int digits) => value is { } v ? v.ToString("F" + digits, CultureInfo.InvariantCulture) : "-";
}
