using KernelGen.Graph;

namespace KernelGen.Models.Autoencoders;

/// <summary>
/// The traditional fully connected autoencoder: x → Linear → units → … → code (the widths of
/// <see cref="AutoencoderOptions.Hidden"/>) → the mirror-image decoder → sigmoid output (identity for the linear
/// autoencoder), trained on cross-entropy or squared error. Encoder layers are <c>enc{i}</c>, decoder layers
/// <c>dec{i}</c>; with tied weights decoder layer i uses <c>enc{i}.weight</c> transposed and has only its own bias.
/// </summary>
public class Autoencoder : AutoencoderBase
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public Autoencoder(AutoencoderOptions? options = null) : base(options ?? new AutoencoderOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new AutoencoderOptions Options => (AutoencoderOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "ae";

    /// <inheritdoc/>
    public override int LatentSize => Options.Hidden[^1];

    /// <inheritdoc/>
    protected override ReconstructionLoss LossKind => Options.Loss;

    /// <inheritdoc/>
    protected override bool SigmoidOutput => Options.Activation != HiddenActivation.Linear;

    /// <summary>The hidden units applied to a layer's pre-activation.</summary>
    protected Tensor Activate(GraphBuilder g, Tensor pre) => Options.Activation switch
    {
        HiddenActivation.Sigmoid => g.Sigmoid(pre),
        HiddenActivation.Relu => g.Relu(pre),
        _ => pre,
    };

    /// <inheritdoc/>
    protected override Tensor Encoder(GraphBuilder g, Tensor x)
    {
        var h = x;
        for (int i = 0; i < Options.Hidden.Length; i++) h = Activate(g, g.Linear(h, Options.Hidden[i], $"enc{i}"));
        return h;
    }

    /// <inheritdoc/>
    protected override Tensor DecoderPreActivation(GraphBuilder g, Tensor code)
    {
        var hidden = Options.Hidden;
        var h = code;
        for (int i = hidden.Length - 1; i >= 0; i--)
        {
            int width = i == 0 ? Pixels : hidden[i - 1];
            var pre = Options.TiedWeights
                ? g.LinearTied(h, g.Parameter($"enc{i}.weight", new Shape(hidden[i], width), Init.FanInUniform(width)), $"dec{i}")
                : g.Linear(h, width, $"dec{i}");
            h = i == 0 ? pre : Activate(g, pre);
        }
        return h;
    }
}
