using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>ReLU, LeakyReLU, ELU, Sigmoid or Tanh (with an optional slope or α); the backward reads only the output.</summary>
internal sealed class ActivationOp : Node
{
    private readonly KernelDefinition _forward, _backward;
    private readonly float? _slope;

    public ActivationOp(GraphBuilder g, string op, string name, Tensor x, KernelDefinition forward, KernelDefinition backward, float? slope = null)
        : base(g, op, name, x)
    {
        (_forward, _backward, _slope) = (forward, backward, slope);
        Output(x.Shape);
    }

    /// <summary>LeakyReLU's slope or ELU's α; null for the others.</summary>
    internal float? Slope => _slope;

    protected internal override IEnumerable<Tensor> SavedForBackward => [Result];

    /// <summary>The activation as a GEMM epilogue, when a GEMM can apply it instead of this node's launch.</summary>
    internal GemmActivation? GemmEpilogue => Op switch
    {
        "ReLU" => GemmActivation.Relu,
        "LeakyReLU" => GemmActivation.LeakyRelu(_slope!.Value),
        _ => null,
    };

    protected internal override void Forward(ExecutionContext ctx)
    {
        var (x, y) = (ctx.View(Inputs[0]), ctx.View(Result));
        if (_slope is { } a) ctx.Stream.Launch(_forward, y.Length, x, y, a);
        else ctx.Stream.Launch(_forward, y.Length, x, y);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.HasGrad(Inputs[0])) return;
        var (y, dy, dx) = (ctx.View(Result), ctx.Grad(Result), ctx.Grad(Inputs[0]));
        if (_slope is { } a) ctx.Stream.Launch(_backward, y.Length, y, dy, dx, a);
        else ctx.Stream.Launch(_backward, y.Length, y, dy, dx);
    }
}
