using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// Batch normalization over axis 1 of (N, F) features or (N, C, …) images (PyTorch's BatchNorm1d/2d). Training mode
/// normalizes with the batch statistics, saves the batch mean and 1/√(var + eps) as outputs <c>{name}.mean</c> and
/// <c>{name}.invstd</c>, and updates the running statistics (frozen parameters) in place; evaluation mode normalizes
/// with the running statistics. The backward is that of training mode; in evaluation mode it is refused.
/// </summary>
internal sealed class BatchNormOp : Node
{
    private readonly Tensor _x, _gamma, _beta, _runningMean, _runningVar, _mean, _invStd;
    private readonly int _n, _c, _s;
    private readonly float _momentum, _eps;

    public BatchNormOp(GraphBuilder g, string name, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float momentum, float eps)
        : base(g, "BatchNorm", name, x, gamma, beta, runningMean, runningVar)
    {
        (_x, _gamma, _beta, _runningMean, _runningVar, _momentum, _eps) = (x, gamma, beta, runningMean, runningVar, momentum, eps);
        if (x.Shape.Rank < 2) throw Error($"input {x} must be (N, features) or (N, C, …)");
        (_n, _c) = (x.Shape[0], x.Shape[1]);
        _s = x.Shape.Numel / (_n * _c);
        foreach (var p in new[] { gamma, beta, runningMean, runningVar })
            if (p.Shape.Numel != _c) throw Error($"{p} should have one value per channel ({_c})");
        if (!(momentum >= 0f && momentum <= 1f)) throw Error($"momentum {momentum} must lie in [0, 1]");
        if (!(eps > 0f) || !float.IsFinite(eps)) throw Error($"eps {eps} must be positive and finite");
        Output(x.Shape);
        _mean = Output(new Shape(_c), "mean");
        _invStd = Output(new Shape(_c), "invstd");
    }

    internal float Eps => _eps;

    protected internal override IEnumerable<Tensor> SavedForBackward => [_x, _gamma, _mean, _invStd];

    // Sums of the backward, then stand-ins for dx, dgamma and dbeta when the graph wants only some of them.
    protected internal override int ScratchLength => BatchNormOps.BatchNormScratchLength(_c) + _n * _c * _s + 2 * _c;

    protected internal override bool CanApplyActivation => true;

    protected internal override void Forward(ExecutionContext ctx)
    {
        // A ReLU or LeakyReLU that reads only this node is applied by the normalizing launch, which then writes its output.
        var fused = ctx.FusedActivation(this);
        var (x, y, gamma, beta) = (ctx.View(_x), ctx.View(fused.Output ?? Result), ctx.View(_gamma), ctx.View(_beta));
        if (ctx.Training)
            BatchNormOps.BatchNormTraining(ctx.Stream, x, y, gamma, beta, ctx.View(_runningMean), ctx.View(_runningVar),
                ctx.View(_mean), ctx.View(_invStd), _n, _c, _s, _momentum, _eps, fused.Activation);
        else
            BatchNormOps.BatchNormInference(ctx.Stream, x, y, gamma, beta, ctx.View(_runningMean), ctx.View(_runningVar), _n, _c, _s, _eps,
                fused.Activation);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (!ctx.Training)
            throw new GraphException($"{this}: the backward pass needs the batch statistics of training mode; set Training = true before Backward.");
        int sums = BatchNormOps.BatchNormScratchLength(_c), numel = _n * _c * _s;
        var dx = ctx.HasGrad(_x) ? ctx.Grad(_x) : GradientSink.Discard(ctx, sums, numel);
        var dgamma = ctx.HasGrad(_gamma) ? ctx.Grad(_gamma) : GradientSink.Discard(ctx, sums + numel, _c);
        var dbeta = ctx.HasGrad(_beta) ? ctx.Grad(_beta) : GradientSink.Discard(ctx, sums + numel + _c, _c);
        BatchNormOps.BatchNormBackward(ctx.Stream, ctx.View(_x), ctx.Grad(Result), ctx.View(_gamma), ctx.View(_mean), ctx.View(_invStd),
            dx, dgamma, dbeta, ctx.Scratch, _n, _c, _s);
    }
}
