namespace KernelGen.Models;

/// <summary>A model that generates images from its prior (or noise).</summary>
public interface ISampler
{
    /// <summary><paramref name="count"/> images (count × rows·cols, values in [0, 1]) from noise drawn with <paramref name="seed"/>.</summary>
    float[] Sample(int count, ulong seed);
}

/// <summary>
/// A sampler slow enough to need progress and cancellation while it draws (PixelCNN: one forward pass per pixel).
/// </summary>
public interface IProgressiveSampler : ISampler
{
    /// <summary>
    /// As <see cref="ISampler.Sample"/>, calling <paramref name="progress"/> with the fraction done and throwing
    /// <see cref="OperationCanceledException"/> within one pass of <paramref name="cancel"/> firing.
    /// </summary>
    float[] Sample(int count, ulong seed, Action<double>? progress, CancellationToken cancel);
}

/// <summary>A model that generates images of a given class.</summary>
public interface IConditionalSampler
{
    /// <summary>One image per label (values in [0, 1]), from noise drawn with <paramref name="seed"/>.</summary>
    float[] Sample(ReadOnlySpan<int> labels, ulong seed);
}

/// <summary>A model that maps images to images through a bottleneck.</summary>
public interface IReconstructor
{
    /// <summary>Reconstructions (values in [0, 1]) of <paramref name="count"/> images.</summary>
    float[] Reconstruct(ReadOnlySpan<float> images, int count);
}

/// <summary>A model that turns latent (noise) vectors into images: a decoder, or a GAN's generator.</summary>
public interface IDecoder
{
    /// <summary>Dimensions of a latent vector.</summary>
    int LatentSize { get; }

    /// <summary>Images (values in [0, 1]) decoded from <paramref name="count"/> latent vectors.</summary>
    float[] Decode(ReadOnlySpan<float> latents, int count);
}

/// <summary>A model with a latent space: encode, decode, and so interpolate and do arithmetic.</summary>
public interface ILatentModel : IDecoder
{
    /// <summary>Latent vectors (count × LatentSize; the mean for a VAE) of <paramref name="count"/> images.</summary>
    float[] Encode(ReadOnlySpan<float> images, int count);
}

/// <summary>A model that turns latent (noise) vectors and class labels into images.</summary>
public interface IConditionalDecoder
{
    /// <summary>Dimensions of a latent vector.</summary>
    int LatentSize { get; }

    /// <summary>One image (values in [0, 1]) per label, decoded from one latent vector each (labels.Length × LatentSize).</summary>
    float[] Decode(ReadOnlySpan<float> latents, ReadOnlySpan<int> labels);
}

/// <summary>A conditional model with an encoder: latent vectors of images given their labels.</summary>
public interface IConditionalLatentModel : IConditionalDecoder
{
    /// <summary>Latent vectors (labels.Length × LatentSize; the mean for a VAE) of images given their labels.</summary>
    float[] Encode(ReadOnlySpan<float> images, ReadOnlySpan<int> labels);
}

/// <summary>A model that completes images of which only the first rows are given (an autoregressive model).</summary>
public interface IImageCompleter
{
    /// <summary>
    /// <paramref name="count"/> images whose first <paramref name="givenRows"/> rows are those of
    /// <paramref name="images"/> (as the model sees them, e.g. binarized) and whose other rows are sampled with
    /// <paramref name="seed"/>.
    /// </summary>
    float[] Complete(ReadOnlySpan<float> images, int count, int givenRows, ulong seed);
}

/// <summary>A model with an exact (or bounded) likelihood.</summary>
public interface ILikelihoodModel
{
    /// <summary>Mean negative log-likelihood (or its bound) of the images of <paramref name="data"/>, in nats per image.</summary>
    double NegativeLogLikelihood(Data.Dataset data);
}

/// <summary>A model that scores how unusual an image is (higher: more anomalous), e.g. by its reconstruction error.</summary>
public interface IAnomalyScorer
{
    /// <summary>One score per image of <paramref name="count"/> images; higher means more anomalous.</summary>
    float[] AnomalyScores(ReadOnlySpan<float> images, int count);
}
