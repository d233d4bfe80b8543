using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>y (N, K, H, W)[n, k, ·, ·] = v (N, K)[n, k]: a label vector as K constant image channels (conditional models).</summary>
internal sealed class ExpandToChannelsOp : Node
{
    private readonly int _h, _w;

    public ExpandToChannelsOp(GraphBuilder g, string name, Tensor v, int height, int width) : base(g, "ExpandToChannels", name, v)
    {
        if (v.Shape.Rank != 2) throw Error($"input {v} must be (N, K)");
        if (height <= 0 || width <= 0) throw Error($"image size {height}×{width} must be positive");
        (_h, _w) = (height, width);
        Output(new Shape(v.Shape[0], v.Shape[1], height, width));
    }

    internal (int Height, int Width) Size => (_h, _w);

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx) =>
        Shapes.ExpandToChannels(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Result), _h, _w);

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (ctx.HasGrad(Inputs[0])) Shapes.ExpandToChannelsBackward(ctx.Stream, ctx.Grad(Result), ctx.Grad(Inputs[0]), _h, _w);
    }
}
