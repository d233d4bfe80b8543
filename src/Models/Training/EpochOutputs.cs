using System.Globalization;
using System.Text.Json;
using KernelGen.Models.Data;
using KernelGen.Models.Imaging;

namespace KernelGen.Models.Training;

/// <summary>Writes what an epoch produced: sample and reconstruction grids, a metrics JSON line and CSV row.</summary>
internal sealed class EpochOutputs(string directory, int gridImages, ulong sampleSeed)
{
    public string Directory { get; } = directory;

    /// <summary>Checks up front that the folder can be created and written, so a run fails before training.</summary>
    public void EnsureWritable()
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var probe = Path.Combine(Directory, $".write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Output folder '{Directory}' cannot be written: {e.Message}", e);
        }
    }

    public List<string> WriteImages(GenerativeModel model, Dataset test, int epoch)
    {
        var files = new List<string>();
        if (model is ISampler sampler)
            files.Add(Grid(sampler.Sample(gridImages, sampleSeed), model, $"samples-epoch{epoch:D3}.png"));
        if (model is IConditionalSampler conditional)
        {
            var labels = Enumerable.Range(0, gridImages).Select(i => i % Math.Max(1, model.Classes)).ToArray();
            files.Add(Grid(conditional.Sample(labels, sampleSeed), model, $"samples-epoch{epoch:D3}.png", columns: model.Classes));
        }
        if (model is IReconstructor reconstructor)
        {
            int n = Math.Min(gridImages / 2, test.Count);
            var originals = test.Images.AsSpan(0, n * model.Pixels);
            var recon = reconstructor.Reconstruct(originals, n);
            var pairs = new float[2 * n * model.Pixels];
            for (int i = 0; i < n; i++)
            {
                originals.Slice(i * model.Pixels, model.Pixels).CopyTo(pairs.AsSpan(2 * i * model.Pixels));
                recon.AsSpan(i * model.Pixels, model.Pixels).CopyTo(pairs.AsSpan((2 * i + 1) * model.Pixels));
            }
            files.Add(Grid(pairs, model, $"reconstructions-epoch{epoch:D3}.png", columns: 16));
        }
        return files;
    }

    private string Grid(float[] images, GenerativeModel model, string name, int? columns = null)
    {
        var path = Path.Combine(Directory, name);
        ImageGrid.SavePng(path, images, model.Rows, model.Cols, columns: columns);
        return path;
    }

    public void AppendMetrics(EpochReport report)
    {
        var row = new Dictionary<string, object>
        {
            ["epoch"] = report.Epoch,
            ["seconds"] = Math.Round(report.Seconds, 3),
            ["images_per_second"] = Math.Round(report.ImagesPerSecond, 1),
        };
        foreach (var (k, v) in report.TrainLosses) row["train_" + k] = v;
        foreach (var (k, v) in report.Test) row[k] = v;
        File.AppendAllText(Path.Combine(Directory, "metrics.jsonl"), JsonSerializer.Serialize(row) + "\n");
        var csv = Path.Combine(Directory, "metrics.csv");
        if (!File.Exists(csv)) File.WriteAllText(csv, string.Join(",", row.Keys) + "\n");
        File.AppendAllText(csv, string.Join(",", row.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "\n");
    }
}
