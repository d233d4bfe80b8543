using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Upsampling of NCHW images: nearest with integer scales (each pixel becomes a scaleH×scaleW block) or bilinear to a
/// given size (PyTorch's align_corners=False).
/// </summary>
internal sealed class UpsampleOp : Node
{
    private readonly bool _bilinear;
    private readonly int _a, _b; // nearest: scaleH, scaleW; bilinear: output height, width

    private UpsampleOp(GraphBuilder g, string op, string name, Tensor x, bool bilinear, int a, int b) : base(g, op, name, x)
    {
        (_bilinear, _a, _b) = (bilinear, a, b);
        if (x.Shape.Rank != 4) throw Error($"input {x} must be an NCHW image batch (N, C, H, W)");
        if (a <= 0 || b <= 0) throw Error(bilinear ? $"output size {a}×{b} must be positive" : $"scale {a}×{b} must be positive");
        long oh = bilinear ? a : (long)x.Shape[2] * a, ow = bilinear ? b : (long)x.Shape[3] * b;
        if (x.Shape.Numel / ((long)x.Shape[2] * x.Shape[3]) * oh * ow > int.MaxValue) throw Error($"the {oh}×{ow} output exceeds 2³¹ elements");
        Output(new Shape(x.Shape[0], x.Shape[1], (int)oh, (int)ow));
    }

    /// <summary>Nearest upsampling by integer factors.</summary>
    public static UpsampleOp Nearest(GraphBuilder g, string name, Tensor x, int scaleH, int scaleW) =>
        new(g, "UpsampleNearest", name, x, false, scaleH, scaleW);

    /// <summary>Bilinear resampling to <paramref name="height"/>×<paramref name="width"/>.</summary>
    public static UpsampleOp Bilinear(GraphBuilder g, string name, Tensor x, int height, int width) =>
        new(g, "UpsampleBilinear", name, x, true, height, width);

    internal bool IsBilinear => _bilinear;

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx)
    {
        var s = Inputs[0].Shape;
        if (_bilinear) Resize.Bilinear(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Result), s[0], s[1], s[2], s[3], _a, _b);
        else Resize.Nearest(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Result), s[0], s[1], s[2], s[3], _a, _b);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.HasGrad(Inputs[0])) return;
        var s = Inputs[0].Shape;
        if (_bilinear) Resize.BilinearBackward(ctx.Stream, ctx.Grad(Result), ctx.Grad(Inputs[0]), s[0], s[1], s[2], s[3], _a, _b);
        else Resize.NearestBackward(ctx.Stream, ctx.Grad(Result), ctx.Grad(Inputs[0]), s[0], s[1], s[2], s[3], _a, _b);
    }
}
