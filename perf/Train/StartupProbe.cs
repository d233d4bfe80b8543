using System.Diagnostics;
using System.Globalization;
using KernelGen.Models;
using KernelGen.Models.Data;

namespace KernelGen.Perf.Train;

/// <summary>
/// Start-up time of a model: creating it, compiling its kernels and graphs, and finishing the first training step.
/// Measured in a child process twice — with empty kernel caches (cold) and again with the caches that run left
/// (warm) — because compiled-kernel caches live on disk (~/.cache/kernelgen for CUDA, PoCL's own for OpenCL).
/// </summary>
public static class StartupProbe
{
    /// <summary>The hidden mode the child runs: prints the seconds from model creation to the end of the first step.</summary>
    public static int Child(string device, string model, int batch)
    {
        var data = Mnist.LoadEmbedded().Train;
        using var context = Context.Create();
        var clock = Stopwatch.StartNew();
        using var acc = context.GetDevice(device).CreateAccelerator();
        var entry = ModelRegistry.Get(model);
        using var m = entry.Create(ModelRegistry.ParseOptions(entry, new Dictionary<string, string> { ["batch-size"] = batch.ToString() }));
        m.Build(acc, data);
        var images = data.Images.AsSpan(0, batch * m.Pixels);
        m.TrainStep(images, data.Labels.AsSpan(0, batch));
        m.ReadLosses();
        Console.WriteLine(clock.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>Runs the child cold then warm; null values when a run fails.</summary>
    public static (double? Cold, double? Warm) Measure(string device, string model, int batch)
    {
        var cache = Directory.CreateTempSubdirectory("kernelgen-startup-").FullName;
        try
        {
            return (Run(device, model, batch, cache), Run(device, model, batch, cache));
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }

    private static double? Run(string device, string model, int batch, string cache)
    {
        var exe = Environment.ProcessPath!;
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") info.ArgumentList.Add(typeof(StartupProbe).Assembly.Location);
        foreach (var a in new[] { "train-startup", device, model, batch.ToString() }) info.ArgumentList.Add(a);
        info.Environment["KERNELGEN_CACHE_DIR"] = Path.Combine(cache, "kernelgen");
        info.Environment["POCL_CACHE_DIR"] = Path.Combine(cache, "pocl");
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 && double.TryParse(output.Trim().Split('\n').Last(), CultureInfo.InvariantCulture, out var s) ? s : null;
    }
}
