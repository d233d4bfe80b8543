using KernelGen.Graph;

namespace KernelGen.Models.Vaes;

/// <summary>
/// The variational autoencoder of PyTorch's example: x → 400 (ReLU) → μ, log σ² (20) → z = μ + σ·ε → 400 (ReLU) →
/// 784 logits. Loss per image: BCE summed over pixels + β·KL(q(z|x) ‖ N(0, I)), averaged over the batch.
/// </summary>
public sealed class Vae : VaeBase
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public Vae(VaeOptions? options = null) : base(options ?? new VaeOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new VaeOptions Options => (VaeOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "vae";

    /// <inheritdoc/>
    public override int LatentSize => Options.Latent;

    /// <inheritdoc/>
    protected override float Beta => Options.Beta;

    /// <inheritdoc/>
    protected override Tensor ImageInput(GraphBuilder g, int batch) => g.Input("x", batch, Pixels);

    /// <inheritdoc/>
    protected override Tensor Encoder(GraphBuilder g, Tensor x, out Tensor logvar)
    {
        var h = g.Relu(g.Linear(x, Options.Hidden, "fc1"));
        logvar = g.Linear(h, Options.Latent, "fc22");
        return g.Linear(h, Options.Latent, "fc21");
    }

    /// <inheritdoc/>
    protected override Tensor DecoderLogits(GraphBuilder g, Tensor z) =>
        g.Linear(g.Relu(g.Linear(z, Options.Hidden, "fc3")), Pixels, "fc4");
}
