using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Imaging;
using KernelGen.Models.Training;

namespace KernelGen.Measurements;

/// <summary>What the autoencoder measurements share: training budgets, a logged training run, errors and image sheets.</summary>
internal static class AutoencoderRuns
{
    /// <summary>
    /// Epochs that show the model about <paramref name="imageBudget"/> training images (at least one), so a small
    /// dataset gets more epochs than a large one; one epoch in a quick run.
    /// </summary>
    public static int Epochs(MeasurementContext ctx, Dataset train, int imageBudget) =>
        ctx.Quick ? 1 : Math.Max(1, (int)Math.Round(imageBudget / (double)train.Count));

    /// <summary>
    /// Builds <paramref name="model"/> for the data, lets <paramref name="configure"/> adjust it (e.g. its optimizer), and
    /// trains it, logging each epoch; returns the last epoch's report.
    /// </summary>
    public static EpochReport Train(MeasurementContext ctx, GenerativeModel model, DataSplits data, int epochs, string tag, Action<GenerativeModel>? configure = null)
    {
        model.Build(ctx.Accelerator, data.Train);
        configure?.Invoke(model);
        var trainer = new Trainer(model, data, new TrainerOptions { Epochs = epochs });
        trainer.EpochCompleted += r => ctx.Log(
            $"{tag} epoch {r.Epoch}/{epochs}: train {r.TrainLosses["loss"]:F4}, test {r.Test["test_loss"]:F4}, mse {r.Test["test_mse"]:F5}, {r.ImagesPerSecond:F0} images/s");
        return trainer.Run().Reports[^1];
    }

    /// <summary>Mean squared error per value between two arrays of equal length.</summary>
    public static double Mse(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Arrays of {a.Length} and {b.Length} values cannot be compared.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum / a.Length;
    }

    /// <summary>
    /// Writes a sheet whose grid rows are the first <paramref name="columns"/> images of each array in
    /// <paramref name="rows"/> (e.g. originals, then reconstructions); returns the path relative to the output folder.
    /// </summary>
    public static string SaveRows(MeasurementContext ctx, string measurement, string dataset, string name, Dataset like, int columns, params float[][] rows)
    {
        int pixels = like.PixelsPerImage;
        var sheet = new float[rows.Length * columns * pixels];
        for (int r = 0; r < rows.Length; r++)
            rows[r].AsSpan(0, columns * pixels).CopyTo(sheet.AsSpan(r * columns * pixels));
        var (full, relative) = ctx.OutputFile(measurement, dataset, name);
        ImageGrid.SavePng(full, sheet, like.Rows, like.Cols, columns: columns);
        return relative;
    }

    /// <summary>The first <paramref name="count"/> test images.</summary>
    public static float[] First(Dataset data, int count) => data.Images[..(Math.Min(count, data.Count) * data.PixelsPerImage)];
}
