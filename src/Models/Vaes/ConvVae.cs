using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Vaes;

/// <summary>
/// A convolutional VAE with β: x (1×H×W) → conv C, 4×4 stride 2 (H/2) → ReLU → conv 2C, 4×4 stride 2 (H/4) → ReLU →
/// μ, log σ² (Linear); z → Linear 2C·(H/4)·(W/4) → ReLU → transposed conv C (H/2) → ReLU → transposed conv 1 (H) →
/// logits. Loss per image: BCE summed over pixels + β·KL. Image sides must be multiples of 4 (28×28 works).
/// </summary>
public sealed class ConvVae : VaeBase
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public ConvVae(ConvVaeOptions? options = null) : base(options ?? new ConvVaeOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new ConvVaeOptions Options => (ConvVaeOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "conv-vae";

    /// <inheritdoc/>
    public override int LatentSize => Options.Latent;

    /// <inheritdoc/>
    protected override float Beta => Options.Beta;

    /// <inheritdoc/>
    protected override int EvaluationBatchCap => 250;

    /// <inheritdoc/>
    protected override void CheckImageSize(int rows, int cols)
    {
        if (rows % 4 != 0 || cols % 4 != 0)
            throw new ArgumentException($"Model '{Kind}' halves the image twice with stride-2 convolutions, so its sides must be multiples of 4 (e.g. 28×28); got {rows}×{cols}.");
    }

    /// <inheritdoc/>
    protected override Tensor ImageInput(GraphBuilder g, int batch) => g.Input("x", batch, 1, Rows, Cols);

    /// <inheritdoc/>
    protected override Tensor Encoder(GraphBuilder g, Tensor x, out Tensor logvar)
    {
        int c = Options.Channels;
        var h = g.Relu(g.Conv2d(x, c, 4, "enc.conv1", stride: 2, padding: 1));
        h = g.Flatten(g.Relu(g.Conv2d(h, 2 * c, 4, "enc.conv2", stride: 2, padding: 1)));
        logvar = g.Linear(h, Options.Latent, "enc.logvar");
        return g.Linear(h, Options.Latent, "enc.mu");
    }

    /// <inheritdoc/>
    protected override Tensor DecoderLogits(GraphBuilder g, Tensor z)
    {
        int c = Options.Channels, batch = z.Shape[0];
        var h = g.Relu(g.Linear(z, 2 * c * (Rows / 4) * (Cols / 4), "dec.fc"));
        h = g.Reshape(h, new Shape(batch, 2 * c, Rows / 4, Cols / 4));
        h = g.Relu(g.ConvTranspose2d(h, c, 4, "dec.deconv1", stride: 2, padding: 1));
        return g.ConvTranspose2d(h, 1, 4, "dec.deconv2", stride: 2, padding: 1);
    }
}
