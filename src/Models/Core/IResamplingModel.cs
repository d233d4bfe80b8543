namespace KernelGen.Models;

/// <summary>
/// A model that chooses how often each training example is seen (e.g. the debiasing VAE, which draws rare examples
/// more often): the trainer asks it for each epoch's sampling weights before the epoch's first batch.
/// </summary>
public interface IResamplingModel
{
    /// <summary>One weight per example of <paramref name="train"/> for epoch <paramref name="epoch"/> (0-based), or null to shuffle uniformly.</summary>
    double[]? EpochSampleWeights(Data.Dataset train, int epoch);
}
