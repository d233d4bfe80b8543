using KernelGen.Models;

namespace KernelGen.Measurements;

/// <summary>
/// The convolutional classifier (conv 32 → pool → conv 64 → pool → 128 → dropout → 10, Adam 1e-3, batch 64) on real
/// data: test accuracy, held to ≥ 97% on the embedded digits and ≥ 90% on Fashion-MNIST. The trained classifier is
/// kept as the sample judge (<see cref="SampleJudges"/>).
/// </summary>
public sealed class ClassifierMeasurement : IMeasurement
{
    /// <inheritdoc/>
    public string Name => "classifier";

    /// <inheritdoc/>
    public string Description => "Conv classifier: test accuracy (≥ 97% digits, ≥ 90% Fashion-MNIST); also the sample judge";

    /// <summary>The accuracy line of a dataset.</summary>
    public static double Target(string dataset) => dataset == "mnist" ? 0.97 : 0.90;

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        foreach (var dataset in ctx.Datasets)
        {
            var trained = ctx.Quick ? SampleJudges.Train(ctx, dataset, 1) : SampleJudges.Trained(ctx, dataset);
            try
            {
                double target = Target(dataset);
                var metrics = new List<Metric>
                {
                    new("test accuracy", trained.TestAccuracy, $"≥ {target:P0}", ctx.Quick ? null : trained.TestAccuracy >= target,
                        ctx.Quick ? "quick run: no quality claim" : $"{ctx.Data(dataset).Test.Count} test images"),
                    new("epochs", trained.Epochs),
                    new("training time (s)", trained.Seconds),
                };
                yield return new MeasurementResult(Name, dataset, metrics, [], trained.Seconds, ctx.Accelerator.Device.Name);
            }
            finally
            {
                if (ctx.Quick) trained.Model.Dispose();
            }
        }
    }
}
