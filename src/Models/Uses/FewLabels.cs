using System.Diagnostics;
using KernelGen.Graph;
using KernelGen.Models.Classifiers;
using KernelGen.Models.Data;

namespace KernelGen.Models.Uses;

/// <summary>
/// Learning from a few labels: the convolutions of the classifier's feature extractor
/// (<see cref="ClassifierNetwork.ConvolutionalFeatures"/>) are first pretrained without labels as the encoder of a
/// denoising autoencoder (masking noise at the input; a code layer of Hidden units, then 400, then the pixels; BCE) on
/// the whole training set; then the classifier (encoder + head) is trained on
/// <see cref="FewLabelsOptions.PerClass"/> labelled images per class — fine-tuning the encoder (the default) with fresh
/// Adam moments, or with it frozen — and compared with the same classifier trained from scratch on the same labelled
/// images, steps and random shifts. Every step of the labelled stage sees all labelled images, each shifted by up to
/// <see cref="FewLabelsOptions.Shift"/> pixels.
/// </summary>
public static class FewLabels
{
    /// <summary>
    /// <paramref name="perClass"/> training indices of each class, chosen by a seeded shuffle, sorted; a class with too
    /// few images is an <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static int[] ChooseLabelled(Dataset train, int perClass, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (perClass < 1) throw new ArgumentException($"perClass = {perClass} is out of range; it must be at least 1.", nameof(perClass));
        var order = Enumerable.Range(0, train.Count).ToArray();
        var random = new SplitMix64(SplitMix64.Derive(seed, 0x1abe1));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var chosen = new List<int>();
        for (int k = 0; k < train.Classes; k++)
        {
            var ofClass = order.Where(i => train.Labels[i] == k).Take(perClass).ToArray();
            if (ofClass.Length < perClass)
                throw new ArgumentException($"Dataset '{train.Name}' has {ofClass.Length} images of class {k}, fewer than the {perClass} labelled images per class asked for.", nameof(train));
            chosen.AddRange(ofClass);
        }
        chosen.Sort();
        return chosen.ToArray();
    }

    /// <summary>Pretrains, trains both classifiers on the labelled images, and measures their test accuracy.</summary>
    public static FewLabelsResult Run(Accelerator accelerator, DataSplits data, FewLabelsOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        log ??= _ => { };
        var clock = Stopwatch.StartNew();
        var labelled = ChooseLabelled(data.Train, options.PerClass, options.Seed);
        var (images, labels) = Subset(data.Train, labelled);

        using var pretrained = new FewLabelsNetwork(accelerator, data.Train, options, labelled.Length, pretrain: true, freezeFeatures: !options.FineTune);
        double aeLoss = pretrained.Pretrain(data.Train, options.PretrainEpochs, log);
        pretrained.TrainLabelled(images, labels, options);
        double withPretraining = pretrained.Accuracy(data.Test);
        log($"few-labels: pretrained encoder ({(options.FineTune ? "fine-tuned" : "frozen")}): test accuracy {withPretraining:P2}");

        using var scratch = new FewLabelsNetwork(accelerator, data.Train, options, labelled.Length, pretrain: false, freezeFeatures: false);
        scratch.TrainLabelled(images, labels, options);
        double fromScratch = scratch.Accuracy(data.Test);
        log($"few-labels: from scratch: test accuracy {fromScratch:P2}");
        return new FewLabelsResult(withPretraining, fromScratch, labelled, aeLoss, clock.Elapsed.TotalSeconds);
    }

    private static (float[] Images, int[] Labels) Subset(Dataset d, int[] indices)
    {
        var images = new float[indices.Length * d.PixelsPerImage];
        for (int i = 0; i < indices.Length; i++) d.Image(indices[i]).CopyTo(images.AsSpan(i * d.PixelsPerImage));
        return (images, indices.Select(i => d.Labels[i]).ToArray());
    }
}
