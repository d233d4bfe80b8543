using KernelGen.Models.Data;
using KernelGen.Models.Imaging;

namespace KernelGen.Models.Training;

/// <summary>Writes what an epoch produced: sample and reconstruction grids, and the metrics files.</summary>
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

    /// <summary>
    /// The grids of epoch <paramref name="epoch"/> (none when the grid size is 0). A progressive sampler reports
    /// through <paramref name="progress"/> and stops within one pass of <paramref name="cancel"/>
    /// (<see cref="OperationCanceledException"/>); each file is written atomically.
    /// </summary>
    public List<string> WriteImages(GenerativeModel model, Dataset test, int epoch, Action<OutputProgress>? progress, CancellationToken cancel)
    {
        var files = new List<string>();
        if (gridImages == 0) return files;
        if (model is IProgressiveSampler slow)
        {
            var what = $"{gridImages} samples";
            files.Add(Grid(slow.Sample(gridImages, sampleSeed, f => progress?.Invoke(new OutputProgress(epoch, what, f)), cancel),
                model, $"samples-epoch{epoch:D3}.png"));
        }
        else if (model is ISampler sampler)
            files.Add(Grid(sampler.Sample(gridImages, sampleSeed), model, $"samples-epoch{epoch:D3}.png"));
        if (model is IConditionalSampler conditional)
        {
            var labels = Enumerable.Range(0, gridImages).Select(i => i % Math.Max(1, model.Classes)).ToArray();
            files.Add(Grid(conditional.Sample(labels, sampleSeed), model, $"samples-epoch{epoch:D3}.png", columns: model.Classes));
        }
        if (model is IReconstructor reconstructor)
        {
            int n = Math.Min(Math.Max(1, gridImages / 2), test.Count);
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
        Trainer.Writing($"the image grid '{path}'", () => ImageGrid.SavePng(path, images, model.Rows, model.Cols, columns: columns));
        return path;
    }

    /// <summary>Rewrites metrics.jsonl and metrics.csv from the run's history.</summary>
    public void WriteMetrics(MetricsLog log) =>
        Trainer.Writing($"the metrics files in '{Directory}'", () => log.WriteFiles(Directory));
}
