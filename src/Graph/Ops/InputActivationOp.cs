using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>Softplus or GELU: activations whose backward reads the input x (so x stays alive until it runs).</summary>
internal sealed class InputActivationOp : Node
{
    private readonly bool _gelu;
    private readonly float _beta, _threshold;
    private readonly GeluApproximation _approximation;

    private InputActivationOp(GraphBuilder g, string op, string name, Tensor x, bool gelu, float beta, float threshold, GeluApproximation approximation)
        : base(g, op, name, x)
    {
        (_gelu, _beta, _threshold, _approximation) = (gelu, beta, threshold, approximation);
        if (!gelu && (!(beta > 0f) || !float.IsFinite(beta))) throw Error($"beta {beta} must be positive and finite");
        if (!gelu && float.IsNaN(threshold)) throw Error("threshold is NaN");
        Output(x.Shape);
    }

    internal bool IsGelu => _gelu;
    internal (float Beta, float Threshold) SoftplusParameters => (_beta, _threshold);
    internal GeluApproximation Approximation => _approximation;

    /// <summary>log(1 + e^(βx))/β, linear above the threshold (PyTorch's Softplus).</summary>
    public static InputActivationOp Softplus(GraphBuilder g, string name, Tensor x, float beta, float threshold) =>
        new(g, "Softplus", name, x, false, beta, threshold, GeluApproximation.None);

    /// <summary>GELU, exact or with the tanh approximation.</summary>
    public static InputActivationOp Gelu(GraphBuilder g, string name, Tensor x, GeluApproximation approximation) =>
        new(g, "GELU", name, x, true, 1f, 0f, approximation);

    protected internal override IEnumerable<Tensor> SavedForBackward => [Inputs[0]];

    protected internal override void Forward(ExecutionContext ctx)
    {
        var (x, y) = (ctx.View(Inputs[0]), ctx.View(Result));
        if (_gelu) Activations.Gelu(ctx.Stream, x, y, _approximation);
        else Activations.Softplus(ctx.Stream, x, y, _beta, _threshold);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.HasGrad(Inputs[0])) return;
        var (x, dy, dx) = (ctx.View(Inputs[0]), ctx.Grad(Result), ctx.Grad(Inputs[0]));
        if (_gelu) Activations.GeluBackward(ctx.Stream, x, dy, dx, _approximation);
        else Activations.SoftplusBackward(ctx.Stream, x, dy, dx, _beta, _threshold);
    }
}
