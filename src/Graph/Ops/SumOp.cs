using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>The sum (or mean) of all elements, as a scalar.</summary>
internal sealed class SumOp : Node
{
    private readonly bool _mean;

    public SumOp(GraphBuilder g, string name, Tensor x, bool mean) : base(g, mean ? "Mean" : "Sum", name, x)
    {
        _mean = mean;
        Output(new Shape(1));
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override float[] GradientCoefficients => [Scale];

    protected internal override int ScratchLength => Reduce.PartialCount(Inputs[0].Shape.Numel);

    private float Scale => _mean ? 1f / Inputs[0].Shape.Numel : 1f;

    protected internal override void Forward(ExecutionContext ctx)
    {
        Reduce.Sum(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Result), ctx.Scratch, Scale);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.HasGrad(Inputs[0])) return;
        var dx = ctx.Grad(Inputs[0]);
        ctx.Stream.Launch(ElementwiseKernels.BroadcastAccumulateKernel, dx.Length, ctx.Grad(Result), dx, Scale);
    }
}
