using KernelGen.Graph;

namespace KernelGen.Models.Autoencoders;

/// <summary>
/// The convolutional autoencoder: per stage a 3×3 convolution (padding 1), ReLU and 2×2 max pooling
/// (28×28 → 14×14 → 7×7 with the defaults), a linear layer to the code and back, then per stage a transposed
/// convolution (kernel 4, stride 2, padding 1) or nearest upsampling and a 3×3 convolution, ReLU between stages and a
/// sigmoid at the output. Images must have sides divisible by 2^stages.
/// </summary>
public sealed class ConvAutoencoder : AutoencoderBase
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public ConvAutoencoder(ConvAutoencoderOptions? options = null) : base(options ?? new ConvAutoencoderOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new ConvAutoencoderOptions Options => (ConvAutoencoderOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "conv-ae";

    /// <inheritdoc/>
    public override int LatentSize => Options.Latent;

    /// <inheritdoc/>
    protected override ReconstructionLoss LossKind => Options.Loss;

    private int Factor => 1 << Options.Channels.Length;

    /// <inheritdoc/>
    protected override void CheckImageSize(int rows, int cols)
    {
        if (rows % Factor != 0 || cols % Factor != 0)
            throw new ArgumentException($"Model '{Kind}' with {Options.Channels.Length} pooling stages needs image sides divisible by {Factor}, but the images are {rows}×{cols}.");
    }

    /// <inheritdoc/>
    protected override Tensor Encoder(GraphBuilder g, Tensor x)
    {
        var h = g.Reshape(x, new Shape(x.Shape[0], 1, Rows, Cols), "image");
        for (int i = 0; i < Options.Channels.Length; i++)
            h = g.MaxPool2d(g.Relu(g.Conv2d(h, Options.Channels[i], 3, $"enc_conv{i}", padding: 1)), 2);
        return g.Linear(g.Flatten(h), Options.Latent, "enc_fc");
    }

    /// <inheritdoc/>
    protected override Tensor DecoderPreActivation(GraphBuilder g, Tensor code)
    {
        var channels = Options.Channels;
        int n = code.Shape[0], rows = Rows / Factor, cols = Cols / Factor;
        var h = g.Relu(g.Linear(code, channels[^1] * rows * cols, "dec_fc"));
        h = g.Reshape(h, new Shape(n, channels[^1], rows, cols), "feature_map");
        for (int i = channels.Length - 1; i >= 0; i--)
        {
            int outChannels = i == 0 ? 1 : channels[i - 1];
            h = Options.Decoder == ConvDecoder.TransposedConv
                ? g.ConvTranspose2d(h, outChannels, 4, $"dec_conv{i}", stride: 2, padding: 1)
                : g.Conv2d(g.UpsampleNearest(h, 2), outChannels, 3, $"dec_conv{i}", padding: 1);
            if (i > 0) h = g.Relu(h);
        }
        return g.Flatten(h, "output_logits");
    }
}
