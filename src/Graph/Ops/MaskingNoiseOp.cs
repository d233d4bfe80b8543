using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Masking noise of a denoising autoencoder: in training mode each element is zeroed with probability
/// <c>fraction</c> (the rest kept unscaled); in evaluation mode y = x, so the model then sees clean inputs. The mask
/// (output <c>{name}.mask</c>) drives the backward, should x need a gradient.
/// </summary>
internal sealed class MaskingNoiseOp : Node
{
    private readonly float _fraction;
    private readonly Tensor _mask;

    public MaskingNoiseOp(GraphBuilder g, string name, Tensor x, float fraction) : base(g, "MaskingNoise", name, x)
    {
        if (!(fraction >= 0f && fraction < 1f)) throw Error($"fraction {fraction} must lie in [0, 1)");
        _fraction = fraction;
        Output(x.Shape);
        _mask = Output(x.Shape, "mask");
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [_mask];

    protected internal override void Forward(ExecutionContext ctx)
    {
        var (x, y, mask) = (ctx.View(Inputs[0]), ctx.View(Result), ctx.View(_mask));
        if (ctx.Training) Noise.MaskingNoise(ctx.Stream, ctx.Random, x, y, mask, _fraction);
        else Noise.Dropout(ctx.Stream, ctx.Random, x, y, mask, _fraction, training: false); // identity, mask = 1, no draws
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (ctx.HasGrad(Inputs[0])) Noise.MaskBackward(ctx.Stream, ctx.Grad(Result), ctx.View(_mask), ctx.Grad(Inputs[0]));
    }
}
