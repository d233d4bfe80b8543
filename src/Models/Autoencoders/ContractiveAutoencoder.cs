using System.ComponentModel;
using KernelGen.Graph;

namespace KernelGen.Models.Autoencoders;

/// <summary>Hyper-parameters of the contractive autoencoder (defaults: 784-256 sigmoid, λ = 0.1, cross-entropy).</summary>
public record ContractiveAutoencoderOptions : AutoencoderOptions
{
    /// <summary>Defaults to 256 sigmoid units.</summary>
    public ContractiveAutoencoderOptions() => Hidden = [256];

    /// <summary>Weight λ of the contractive penalty ‖∂h/∂x‖_F².</summary>
    [Description("Weight of the contractive penalty (squared Frobenius norm of dh/dx); 0 or more.")]
    public float Lambda { get; init; } = 0.1f;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Lambda >= 0 && float.IsFinite(Lambda), nameof(Lambda), Lambda, "finite and not negative");
        Require(Hidden.Length == 1, nameof(Hidden), $"[{string.Join(", ", Hidden)}]", "one layer width (the penalty is the Jacobian of one sigmoid layer)");
        Require(Activation == HiddenActivation.Sigmoid, nameof(Activation), Activation, "sigmoid (the penalty's closed form is for sigmoid units)");
    }
}

/// <summary>
/// The contractive autoencoder (Rifai et al., 2011): one sigmoid layer h = σ(Wx + b) with the penalty
/// λ·‖∂h/∂x‖_F² = λ·Σⱼ (hⱼ(1 − hⱼ))²·‖Wⱼ‖² per image, which makes the code insensitive to small input changes.
/// </summary>
public sealed class ContractiveAutoencoder : Autoencoder
{
    /// <summary>Creates the model; nothing is allocated until built.</summary>
    public ContractiveAutoencoder(ContractiveAutoencoderOptions? options = null) : base(options ?? new ContractiveAutoencoderOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new ContractiveAutoencoderOptions Options => (ContractiveAutoencoderOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "contractive-ae";

    /// <inheritdoc/>
    protected override bool HasPenalty => true;

    /// <inheritdoc/>
    protected override string PenaltyName => "contractive";

    /// <inheritdoc/>
    protected override Tensor? Penalty(GraphBuilder g, Tensor code) => g.ContractivePenalty(code, g.GetParameter("enc0.weight"), Options.Lambda);
}
