using System.Diagnostics;
using KernelGen.Models.PixelCnn;

namespace KernelGen.Measurements;

/// <summary>
/// PixelRNN (Row LSTM) against PixelCNN on the binarized digits, both trained in this run on the same images for the
/// same number of epochs (<see cref="PixelCnnMeasurement.FullEpochs"/>): each one's exact test NLL on the seeded fixed
/// binarization, the PixelRNN held to a lower NLL than the PixelCNN's (the recurrent models beat PixelCNN on binarized
/// MNIST in van den Oord et al., 2016); PixelRNN's samples, completions and timings as the PixelCNN measurement's.
/// </summary>
public sealed class PixelRnnMeasurement : IMeasurement
{
    /// <summary>The model measured: 32 units, 2 Row LSTM layers, 1×3 row convolutions, 7×7 mask A, 1×1 to 64 then 1; Adam 1e-3, batch 64.</summary>
    public static PixelRnnOptions Full { get; } = new();

    /// <inheritdoc/>
    public string Name => "pixelrnn";

    /// <inheritdoc/>
    public string Description => $"PixelRNN (Row LSTM) on binarized digits, {PixelCnnMeasurement.FullEpochs} epochs: exact test NLL below a PixelCNN's trained alike, samples";

    /// <inheritdoc/>
    public IEnumerable<MeasurementResult> Run(MeasurementContext ctx)
    {
        const string dataset = "mnist";
        var clock = Stopwatch.StartNew();
        var rnnOptions = ctx.Quick ? new PixelRnnOptions { Hidden = 4, Layers = 1, OutputChannels = 8, BatchSize = 32 } : Full;
        var cnnOptions = ctx.Quick ? PixelCnnMeasurement.QuickOptions : PixelCnnMeasurement.Full;
        using var cnn = new PixelCnn(cnnOptions);
        var peer = PixelModelRun.Train(ctx, cnn, "pixelcnn", dataset, samples: 0);
        using var rnn = new PixelRnn(rnnOptions);
        var run = PixelModelRun.Train(ctx, rnn, Name, dataset, samples: ctx.Quick ? 8 : 25);
        var metrics = new List<Metric>
        {
            new("test NLL (nats/image)", run.Nll, "below the PixelCNN's", ctx.Quick ? null : run.Nll < peer.Nll,
                $"{run.TestImages} test digits, one seeded Bernoulli binarization (seed 0x{KernelGen.Models.Data.FixedTestBinarization.Seed:X})"),
            new("PixelCNN's test NLL, trained alike in this run (nats/image)", peer.Nll, Note: $"pixelcnn with its measured options, {peer.Epochs} epochs, {peer.TrainSeconds:F0} s"),
        };
        metrics.AddRange(run.Metrics);
        var gallery = ModelGallery.Write(ctx, Name, dataset, Name, rnn, ctx.Data(dataset));
        yield return new MeasurementResult(Name, dataset, metrics, run.Images, clock.Elapsed.TotalSeconds, ctx.Accelerator.Device.Name, Gallery: gallery);
    }
}
