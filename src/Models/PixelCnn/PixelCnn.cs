using KernelGen.Graph;
using KernelGen.Kernels;

namespace KernelGen.Models.PixelCnn;

/// <summary>
/// PixelCNN (van den Oord et al., 2016) for binary images: a mask-A convolution, residual mask-B convolutions with
/// ReLU and two 1×1 convolutions give one Bernoulli logit per pixel that depends only on the pixels before it in
/// raster order; likelihood, training and sampling as every <see cref="PixelModel"/>.
/// </summary>
public sealed class PixelCnn : PixelModel
{
    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public PixelCnn(PixelCnnOptions? options = null) : base(options ?? new PixelCnnOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new PixelCnnOptions Options => (PixelCnnOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "pixelcnn";

    /// <inheritdoc/>
    protected override Tensor Network(GraphBuilder g, Tensor x)
    {
        var o = Options;
        var h = g.Relu(g.MaskedConv2d(x, o.Channels, o.FirstKernel, PixelCnnMask.A, "conv_a"));
        for (int i = 0; i < o.Layers; i++)
            h = g.Add(h, g.Relu(g.MaskedConv2d(h, o.Channels, o.Kernel, PixelCnnMask.B, $"conv_b{i + 1}")), $"residual{i + 1}");
        h = g.Relu(g.Conv2d(h, o.OutputChannels, 1, "out1"));
        return g.Conv2d(h, 1, 1, "out2");
    }
}
