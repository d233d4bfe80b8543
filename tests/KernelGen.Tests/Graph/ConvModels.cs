using KernelGen.Graph;
using KernelGen.Kernels;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Small convolutional models for whole-graph checks: each variant exercises a different set of the image layers.
/// Losses are Σ y·r with a fixed random r; activations are smooth (tanh, sigmoid, ELU, GELU, Softplus) and pooling is
/// by average, so a finite step never crosses a kink.
/// </summary>
internal static class ConvModels
{
    public const int Batch = 8, Channels = 2, Size = 6, Classes = 3;

    /// <summary>The variants <see cref="Build"/> knows.</summary>
    public static readonly string[] Variants = ["pool-batchnorm-convT", "stride-upsample", "conditional-bilinear", "pixelcnn-gated"];

    public static GraphBuilder Build(string variant) => variant switch
    {
        "pool-batchnorm-convT" => PoolBatchNormConvTranspose(),
        "stride-upsample" => StrideUpsample(),
        "conditional-bilinear" => ConditionalBilinear(),
        "pixelcnn-gated" => PixelCnnGated(),
        _ => throw new ArgumentException(variant),
    };

    /// <summary>Conv2d → BatchNorm2d → tanh → AvgPool2d → ConvTranspose2d (stride 2) → sigmoid.</summary>
    public static GraphBuilder PoolBatchNormConvTranspose()
    {
        var g = new GraphBuilder("conv-ae-pool");
        var (x, r) = Inputs(g);
        var h = g.Tanh(g.BatchNorm(g.Conv2d(x, 4, 3, "enc", padding: 1), "enc.bn"));
        h = g.AvgPool2d(h, 2);
        var y = g.Sigmoid(g.ConvTranspose2d(h, Channels, 4, "dec", stride: 2, padding: 1));
        return Finish(g, y, r);
    }

    /// <summary>GaussianNoise(x) → Conv2d (stride 2) → GELU → nearest ×2 → Conv2d → Softplus.</summary>
    public static GraphBuilder StrideUpsample()
    {
        var g = new GraphBuilder("conv-ae-upsample");
        var (x, r) = Inputs(g);
        var h = g.Gelu(g.Conv2d(g.GaussianNoise(x, 0.1f), 4, 3, "enc", stride: 2, padding: 1));
        var y = g.Softplus(g.Conv2d(g.UpsampleNearest(h, 2), Channels, 3, "dec", padding: 1));
        return Finish(g, y, r);
    }

    /// <summary>
    /// [x | one-hot(labels) as channels] → Conv2d (stride 2) → GELU (tanh form) → Flatten → Linear → BatchNorm1d → tanh → Dropout →
    /// Linear → Reshape → bilinear to 6×6 → Conv2d → sigmoid.
    /// </summary>
    public static GraphBuilder ConditionalBilinear()
    {
        var g = new GraphBuilder("cond-conv-ae");
        var (x, r) = Inputs(g);
        var labels = g.IntInput("labels", Batch);
        var cond = g.ExpandToChannels(g.OneHot(labels, Classes), Size, Size);
        var h = g.Gelu(g.Conv2d(g.Concat(x, cond), 3, 3, "enc", stride: 2, padding: 1), GeluApproximation.Tanh);
        var z = g.Tanh(g.BatchNorm(g.Linear(g.Flatten(h), 5, "fc"), "fc.bn"));
        z = g.Dropout(z, 0.3f);
        var d = g.Reshape(g.Linear(z, 2 * 3 * 3, "defc"), new Shape(Batch, 2, 3, 3));
        var y = g.Sigmoid(g.Conv2d(g.UpsampleBilinear(d, Size, Size), Channels, 3, "dec", padding: 1));
        return Finish(g, y, r);
    }

    /// <summary>MaskingNoise(x) → MaskedConv2d A → split → tanh(a)·sigmoid(b) → MaskedConv2d B → tanh.</summary>
    public static GraphBuilder PixelCnnGated()
    {
        var g = new GraphBuilder("pixelcnn-gated");
        var (x, r) = Inputs(g);
        var h = g.MaskedConv2d(g.MaskingNoise(x, 0.25f), 4, 5, PixelCnnMask.A, "in");
        var (a, b) = g.Split(h, 2);
        var gated = g.Multiply(g.Tanh(a), g.Sigmoid(b));
        var y = g.Tanh(g.MaskedConv2d(gated, Channels, 3, PixelCnnMask.B, "out"));
        return Finish(g, y, r);
    }

    /// <summary>Random inputs in [−1, 1), labels in [0, Classes).</summary>
    public static void Feed(CompiledGraph m, int seed)
    {
        var rng = new Random(seed);
        foreach (var input in m.Graph.Inputs)
        {
            if (input.DType == DType.Int32) m.SetInput(input.Name, Enumerable.Range(0, input.Shape.Numel).Select(_ => rng.Next(Classes)).ToArray());
            else m.SetInput(input.Name, Enumerable.Range(0, input.Shape.Numel).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray());
        }
    }

    private static (Tensor X, Tensor R) Inputs(GraphBuilder g) => (g.Input("x", Batch, Channels, Size, Size), g.Input("r", Batch, Channels, Size, Size));

    private static GraphBuilder Finish(GraphBuilder g, Tensor y, Tensor r)
    {
        g.MarkOutput(y);
        g.SetLoss(g.Sum(g.Multiply(y, r)));
        return g;
    }
}
