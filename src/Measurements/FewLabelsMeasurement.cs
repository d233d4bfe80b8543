using KernelGen.Models;
using KernelGen.Models.Uses;

namespace KernelGen.Measurements;

/// <summary>
/// Few labels on the digits: the classifier with its encoder pretrained as a denoising autoencoder on the unlabelled
/// training images, then fine-tuned with the head on 100 labelled images (10 per class), against the same classifier
/// trained from scratch on the same 100; the pretrained one is held to ≥ 85% test accuracy.
/// </summary>
public sealed class FewLabelsMeasurement : IMeasurement
{
    /// <summary>The quality line of the pretrained classifier.</summary>
    public const double Target = 0.85;

    /// <inheritdoc/>
    public string Name => "few-labels";

    /// <inheritdoc/>
    public string Description => "100 labelled digits: pretrained encoder (≥ 85%) vs from scratch";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        const string dataset = "mnist";
        var data = ctx.Data(dataset);
        var options = new FewLabelsOptions();
        if (ctx.Quick) options = options with { PerClass = 3, PretrainEpochs = 1, LabelledSteps = 20 };
        var result = FewLabels.Run(ctx.Accelerator, data, options, ctx.Log);
        string labelled = $"{result.Labelled.Length} labelled training images ({options.PerClass} per class, seed {options.Seed})";
        var metrics = new List<Metric>
        {
            new("test accuracy, pretrained encoder", result.PretrainedAccuracy, $"≥ {Target:P0}", ctx.Quick ? null : result.PretrainedAccuracy >= Target,
                $"{labelled}; encoder {(options.FineTune ? "fine-tuned" : "frozen")}; {options.PretrainEpochs} autoencoder epochs on {data.Train.Count} unlabelled images"),
            new("test accuracy, from scratch", result.ScratchAccuracy, Note: $"same network, labels, {options.LabelledSteps} steps and shifts"),
            new("autoencoder loss (nats/image)", result.PretrainLoss),
        };
        yield return new MeasurementResult(Name, dataset, metrics, [], result.Seconds, ctx.Accelerator.Device.Name);
    }
}
