using KernelGen.Models.Classifiers;

namespace KernelGen.Models.Uses;

/// <summary>How <see cref="FewLabels"/> pretrains the encoder and trains the classifier on a few labels.</summary>
public sealed record FewLabelsOptions
{
    /// <summary>Labelled training images per class (chosen with <see cref="Seed"/>).</summary>
    public int PerClass { get; init; } = 10;

    /// <summary>Seed of the labelled choice, initialization, shuffles, noise and augmentation.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The network: the classifier's layers; its feature extractor is the encoder.</summary>
    public ClassifierOptions Network { get; init; } = new();

    /// <summary>Epochs of unlabelled pretraining (denoising autoencoder) over the whole training set.</summary>
    public int PretrainEpochs { get; init; } = 15;

    /// <summary>Fraction of pixels zeroed at the autoencoder's input (denoising); 0 for a plain autoencoder.</summary>
    public float MaskingNoise { get; init; } = 0.25f;

    /// <summary>Steps of classifier training on the labelled images (each step sees all of them, shifted).</summary>
    public int LabelledSteps { get; init; } = 300;

    /// <summary>Largest random shift (pixels, each axis) of the labelled images at each step; 0 for none.</summary>
    public int Shift { get; init; } = 2;

    /// <summary>True: the pretrained encoder is trained further with the head; false: it stays frozen.</summary>
    public bool FineTune { get; init; } = true;

    /// <summary>Checks the values; an out-of-range value is an <see cref="ArgumentException"/> naming it.</summary>
    public void Validate()
    {
        Network.Validate();
        Require(PerClass >= 1, nameof(PerClass), PerClass, "at least 1");
        Require(PretrainEpochs >= 1, nameof(PretrainEpochs), PretrainEpochs, "at least 1");
        Require(MaskingNoise >= 0 && MaskingNoise < 1, nameof(MaskingNoise), MaskingNoise, "in [0, 1)");
        Require(LabelledSteps >= 1, nameof(LabelledSteps), LabelledSteps, "at least 1");
        Require(Shift >= 0 && Shift <= 8, nameof(Shift), Shift, "in [0, 8]");
    }

    private static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok) throw new ArgumentException($"{name} = {value} is out of range; it must be {expected}.", name);
    }
}

/// <summary>What <see cref="FewLabels.Run"/> measured.</summary>
/// <param name="PretrainedAccuracy">Test accuracy of the classifier whose encoder was pretrained without labels.</param>
/// <param name="ScratchAccuracy">Test accuracy of the same classifier trained from scratch on the same labels.</param>
/// <param name="Labelled">Indices (in the training set) of the labelled images.</param>
/// <param name="PretrainLoss">Final training loss of the autoencoder (BCE nats per image).</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record FewLabelsResult(double PretrainedAccuracy, double ScratchAccuracy, int[] Labelled, double PretrainLoss, double Seconds);
