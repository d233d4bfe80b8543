namespace KernelGen.Models.Autoencoders;

/// <summary>How an autoencoder measures the distance between an image and its reconstruction.</summary>
public enum ReconstructionLoss
{
    /// <summary>Squared error (L2) summed over the pixels of an image, averaged over the batch.</summary>
    Mse,

    /// <summary>Binary cross-entropy of the sigmoid output summed over the pixels of an image, averaged over the batch.</summary>
    CrossEntropy,
}

/// <summary>The units of a fully connected autoencoder's hidden layers.</summary>
public enum HiddenActivation
{
    /// <summary>Logistic units (the traditional autoencoder); the output is a sigmoid too.</summary>
    Sigmoid,

    /// <summary>No non-linearity anywhere, output included: the linear autoencoder, whose optimum spans the PCA subspace.</summary>
    Linear,

    /// <summary>Rectified linear units in the hidden layers; the output is a sigmoid.</summary>
    Relu,
}

/// <summary>How the convolutional autoencoder's decoder doubles the image size.</summary>
public enum ConvDecoder
{
    /// <summary>Transposed convolutions with stride 2 (kernel 4, padding 1).</summary>
    TransposedConv,

    /// <summary>Nearest upsampling by 2 followed by a 3×3 convolution (avoids checkerboard artefacts).</summary>
    UpsampleConv,
}

/// <summary>The sparsity penalty of a sparse autoencoder.</summary>
public enum SparsityKind
{
    /// <summary>β·Σⱼ KL(ρ ‖ ρ̂ⱼ) on the mean activation ρ̂ⱼ of each code unit over the batch.</summary>
    Kl,

    /// <summary>λ·Σⱼ |hⱼ| per image, averaged over the batch.</summary>
    L1,
}

/// <summary>The corruption a denoising autoencoder applies to its input during training.</summary>
public enum NoiseKind
{
    /// <summary>Each pixel set to 0 with probability <see cref="DenoisingAutoencoderOptions.NoiseFraction"/>.</summary>
    Masking,

    /// <summary>x + σ·N(0, 1) per pixel, σ = <see cref="DenoisingAutoencoderOptions.NoiseStd"/>.</summary>
    Gaussian,
}
