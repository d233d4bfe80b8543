using KernelGen.Graph.Ops;

namespace KernelGen.Graph;

public sealed partial class GraphBuilder
{
    /// <summary>
    /// The parameter group of BatchNorm running statistics: saved in checkpoints like every parameter, frozen in every
    /// graph that declares a BatchNorm (they change only through the forward pass in training mode).
    /// </summary>
    public const string BatchNormStatsGroup = "batchnorm-stats";

    /// <summary>
    /// Batch normalization over axis 1 of (N, F) features or (N, C, H, W) images (PyTorch's BatchNorm1d/2d). Trainable
    /// <c>{name}.weight</c> (γ = 1) and <c>{name}.bias</c> (β = 0) in the current group; <c>{name}.running_mean</c> (0) and
    /// <c>{name}.running_var</c> (1) in <see cref="BatchNormStatsGroup"/>, which this graph freezes. Training mode uses
    /// batch statistics and updates the running ones (running = (1 − momentum)·running + momentum·batch, unbiased
    /// variance); evaluation mode uses the running statistics.
    /// </summary>
    public Tensor BatchNorm(Tensor x, string name, float momentum = 0.1f, float eps = 1e-5f)
    {
        if (x.Shape.Rank < 2) throw new GraphException($"BatchNorm '{name}': input {x} must be (N, features) or (N, C, …) (inputs: {x}).");
        var channels = new Shape(x.Shape[1]);
        var gamma = Parameter($"{name}.weight", channels, Init.Constant(1));
        var beta = Parameter($"{name}.bias", channels, Init.Constant(0));
        var (mean, variance) = InGroup(BatchNormStatsGroup, () =>
            (Parameter($"{name}.running_mean", channels, Init.Constant(0)), Parameter($"{name}.running_var", channels, Init.Constant(1))));
        Freeze(BatchNormStatsGroup);
        return Add(new BatchNormOp(this, name, x, gamma, beta, mean, variance, momentum, eps));
    }

    /// <summary>Dropout with probability <paramref name="p"/> in training mode (survivors scaled by 1/(1 − p)); identity in evaluation mode.</summary>
    public Tensor Dropout(Tensor x, float p, string? name = null) => Add(new DropoutOp(this, name ?? "dropout", x, p));

    /// <summary>Masking noise (denoising autoencoders): zeroes each element with probability <paramref name="fraction"/> in training mode; identity in evaluation mode.</summary>
    public Tensor MaskingNoise(Tensor x, float fraction, string? name = null) => Add(new MaskingNoiseOp(this, name ?? "masking_noise", x, fraction));

    /// <summary>Additive Gaussian noise x + std·N(0, 1) in training mode; identity in evaluation mode.</summary>
    public Tensor GaussianNoise(Tensor x, float std, string? name = null) => Add(new GaussianNoiseOp(this, name ?? "gaussian_noise", x, std));
}
