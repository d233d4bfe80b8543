using KernelGen.Graph.Ops;
using KernelGen.Kernels;

namespace KernelGen.Graph;

public sealed partial class GraphBuilder
{
    /// <summary>
    /// A 2-D convolution of NCHW images (PyTorch's Conv2d, square kernel): x (N, C, H, W) → (N, outChannels, OH, OW).
    /// Parameters <c>{name}.weight</c> (outChannels, C, kernel, kernel) and <c>{name}.bias</c>, both U(±1/√(C·k²)) by default.
    /// </summary>
    public Tensor Conv2d(Tensor x, int outChannels, int kernel, string name, int stride = 1, int padding = 0, int dilation = 1,
        bool bias = true, Init? weightInit = null)
    {
        RequireImage("Conv2d", name, x);
        RequirePositive("Conv2d", name, x, ("output channels", outChannels), ("kernel", kernel));
        int fanIn = x.Shape[1] * kernel * kernel;
        var w = Parameter($"{name}.weight", new Shape(outChannels, x.Shape[1], kernel, kernel), weightInit ?? Init.FanInUniform(fanIn));
        var b = bias ? Parameter($"{name}.bias", new Shape(outChannels), BiasInit(weightInit, fanIn)) : null;
        return Add(new Conv2dOp(this, name, x, w, b, stride, padding, dilation));
    }

    /// <summary>
    /// A 2-D transposed convolution (PyTorch's ConvTranspose2d, square kernel): x (N, C, H, W) → (N, outChannels, OH, OW)
    /// with OH = (H − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1. Parameters <c>{name}.weight</c>
    /// (C, outChannels, kernel, kernel) and <c>{name}.bias</c>, U(±1/√(outChannels·k²)) by default as in PyTorch
    /// (whose fan-in of this weight layout is its second dimension times the kernel area).
    /// </summary>
    public Tensor ConvTranspose2d(Tensor x, int outChannels, int kernel, string name, int stride = 1, int padding = 0,
        int outputPadding = 0, int dilation = 1, bool bias = true, Init? weightInit = null)
    {
        RequireImage("ConvTranspose2d", name, x);
        RequirePositive("ConvTranspose2d", name, x, ("output channels", outChannels), ("kernel", kernel));
        int fanIn = outChannels * kernel * kernel;
        var w = Parameter($"{name}.weight", new Shape(x.Shape[1], outChannels, kernel, kernel), weightInit ?? Init.FanInUniform(fanIn));
        var b = bias ? Parameter($"{name}.bias", new Shape(outChannels), BiasInit(weightInit, fanIn)) : null;
        return Add(new ConvTranspose2dOp(this, name, x, w, b, stride, padding, outputPadding, dilation));
    }

    /// <summary>
    /// A PixelCNN masked convolution (stride 1; padding kernel/2 by default, which keeps the image size for odd kernels).
    /// Mask A (first layer) hides the centre pixel and everything after it in raster order; mask B keeps the centre.
    /// Parameters and initialization as in <see cref="Conv2d"/>; the masked taps of the stored weight are kept at zero.
    /// </summary>
    public Tensor MaskedConv2d(Tensor x, int outChannels, int kernel, PixelCnnMask mask, string name, int? padding = null,
        bool bias = true, Init? weightInit = null)
    {
        RequireImage("MaskedConv2d", name, x);
        RequirePositive("MaskedConv2d", name, x, ("output channels", outChannels), ("kernel", kernel));
        int fanIn = x.Shape[1] * kernel * kernel;
        var w = Parameter($"{name}.weight", new Shape(outChannels, x.Shape[1], kernel, kernel), weightInit ?? Init.FanInUniform(fanIn));
        var b = bias ? Parameter($"{name}.bias", new Shape(outChannels), BiasInit(weightInit, fanIn)) : null;
        return Add(new MaskedConv2dOp(this, name, x, w, b, padding ?? kernel / 2, mask));
    }

    /// <summary>Max pooling with a square window; the stride defaults to the window (PyTorch's default).</summary>
    public Tensor MaxPool2d(Tensor x, int kernel, int? stride = null, int padding = 0, string? name = null) =>
        Add(new MaxPool2dOp(this, name ?? "maxpool", x, kernel, stride ?? kernel, padding));

    /// <summary>Average pooling with a square window; the stride defaults to the window, padding counts in the average by default.</summary>
    public Tensor AvgPool2d(Tensor x, int kernel, int? stride = null, int padding = 0, bool countIncludePad = true, string? name = null) =>
        Add(new AvgPool2dOp(this, name ?? "avgpool", x, kernel, stride ?? kernel, padding, countIncludePad));

    /// <summary>Nearest upsampling by an integer factor (<paramref name="scaleW"/> defaults to <paramref name="scale"/>).</summary>
    public Tensor UpsampleNearest(Tensor x, int scale, int? scaleW = null, string? name = null) =>
        Add(UpsampleOp.Nearest(this, name ?? "upsample", x, scale, scaleW ?? scale));

    /// <summary>Bilinear resampling to <paramref name="height"/>×<paramref name="width"/> (PyTorch's align_corners=False).</summary>
    public Tensor UpsampleBilinear(Tensor x, int height, int width, string? name = null) =>
        Add(UpsampleOp.Bilinear(this, name ?? "upsample", x, height, width));

    private static Init BiasInit(Init? weightInit, int fanIn) => weightInit is NormalInit ? Init.Constant(0) : Init.FanInUniform(fanIn);

    private static void RequireImage(string op, string name, Tensor x)
    {
        if (x.Shape.Rank != 4)
            throw new GraphException($"{op} '{name}': input {x} must be an NCHW image batch (N, C, H, W) (inputs: {x}).");
    }

    private static void RequirePositive(string op, string name, Tensor x, params ReadOnlySpan<(string What, int Value)> values)
    {
        foreach (var (what, value) in values)
            if (value <= 0) throw new GraphException($"{op} '{name}': {what} must be positive, got {value} (inputs: {x}).");
    }
}
