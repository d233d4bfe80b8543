using System.ComponentModel;
using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Autoencoders;

/// <summary>Hyper-parameters of the sparse autoencoder (defaults: 784-196 sigmoid, KL toward ρ = 0.05 with β = 3, squared error).</summary>
public record SparseAutoencoderOptions : AutoencoderOptions
{
    /// <summary>Defaults to 196 sigmoid units trained on squared error.</summary>
    public SparseAutoencoderOptions() => (Hidden, Loss) = ([196], ReconstructionLoss.Mse);

    /// <summary>The penalty: KL toward <see cref="Rho"/> or L1 on the activations.</summary>
    [Description("The penalty: KL toward --rho (sigmoid units only) or L1 on the activations.")]
    public SparsityKind Sparsity { get; init; } = SparsityKind.Kl;

    /// <summary>The target mean activation ρ of each code unit (KL penalty).</summary>
    [Description("Target mean activation of each code unit (KL penalty); between 0 and 1, exclusive.")]
    public float Rho { get; init; } = 0.05f;

    /// <summary>Weight β of the KL penalty.</summary>
    [Description("Weight of the KL penalty; 0 or more.")]
    public float Beta { get; init; } = 3f;

    /// <summary>Weight λ of the L1 penalty.</summary>
    [Description("Weight of the L1 penalty; 0 or more.")]
    public float Lambda { get; init; } = 1e-3f;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Enum.IsDefined(Sparsity), nameof(Sparsity), Sparsity, "kl or l1");
        Require(Rho > 0 && Rho < 1, nameof(Rho), Rho, "in (0, 1)");
        Require(Beta >= 0 && float.IsFinite(Beta), nameof(Beta), Beta, "finite and not negative");
        Require(Lambda >= 0 && float.IsFinite(Lambda), nameof(Lambda), Lambda, "finite and not negative");
        Require(Sparsity != SparsityKind.Kl || Activation == HiddenActivation.Sigmoid, nameof(Activation), Activation,
            "sigmoid for the KL penalty (mean activations must be probabilities)");
    }
}

/// <summary>
/// The sparse autoencoder: an <see cref="Autoencoder"/> whose code units are pushed toward sparse activity, by
/// β·Σⱼ KL(ρ ‖ ρ̂ⱼ) on each unit's mean activation over the batch, or by λ·Σⱼ |hⱼ| per image.
/// </summary>
public sealed class SparseAutoencoder : Autoencoder
{
    /// <summary>Creates the model; nothing is allocated until built.</summary>
    public SparseAutoencoder(SparseAutoencoderOptions? options = null) : base(options ?? new SparseAutoencoderOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new SparseAutoencoderOptions Options => (SparseAutoencoderOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "sparse-ae";

    /// <inheritdoc/>
    protected override bool HasPenalty => true;

    /// <inheritdoc/>
    protected override string PenaltyName => "sparsity";

    /// <inheritdoc/>
    protected override Tensor? Penalty(GraphBuilder g, Tensor code) => Options.Sparsity == SparsityKind.Kl
        ? g.SparsityPenalty(code, Options.Rho, Options.Beta)
        : g.L1Penalty(code, Options.Lambda);

    /// <summary>The mean activation of the code units over all images of <paramref name="data"/> (compare with ρ).</summary>
    public double MeanActivation(Dataset data)
    {
        var codes = Encode(data.Images, data.Count);
        double sum = 0;
        foreach (var v in codes) sum += v;
        return sum / codes.Length;
    }
}
