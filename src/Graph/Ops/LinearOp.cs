using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// y = x·Wᵀ + b with W (out, in) — PyTorch's Linear — or, for a tied decoder, y = x·W + b reusing an encoder's
/// W (hidden, in) transposed.
/// </summary>
internal sealed class LinearOp : Node
{
    private readonly Tensor _x, _w;
    private readonly Tensor? _b;
    private readonly bool _tied;
    private readonly int _n, _in, _out;

    public LinearOp(GraphBuilder g, string name, Tensor x, Tensor w, Tensor? b, bool tied)
        : base(g, "Linear", name, b is null ? [x, w] : [x, w, b])
    {
        (_x, _w, _b, _tied) = (x, w, b, tied);
        if (x.Shape.Rank != 2) throw Error($"input {x} must be (batch, features); flatten it first");
        if (w.Shape.Rank != 2) throw Error($"weight {w} must be 2-D");
        _n = x.Shape[0];
        _in = x.Shape[1];
        _out = tied ? w.Shape[1] : w.Shape[0];
        int wIn = tied ? w.Shape[0] : w.Shape[1];
        if (wIn != _in) throw Error($"input has {_in} features but weight {w}{(tied ? " (used transposed)" : "")} expects {wIn}");
        if (b is not null && b.Shape.Numel != _out) throw Error($"bias {b} should have {_out} elements");
        Output(new Shape(_n, _out));
    }

    /// <summary>Whether W is an encoder's weight used transposed (y = x·W + b).</summary>
    internal bool Tied => _tied;

    protected internal override IEnumerable<Tensor> SavedForBackward => [_x, _w];

    protected internal override bool CanApplyActivation => true;

    protected internal override long ForwardMultiplyAdds => (long)_n * _in * _out;

    protected internal override long BackwardMultiplyAdds(Func<Tensor, bool> hasGrad) =>
        ((hasGrad(_x) ? 1 : 0) + (hasGrad(_w) ? 1 : 0)) * ForwardMultiplyAdds;

    protected internal override void Forward(ExecutionContext ctx)
    {
        var s = ctx.Stream;
        // The bias, and the activation that follows when the compiler fused it (it then writes the activation's
        // output), are applied by the GEMM's epilogue: no launch of their own.
        var fused = ctx.FusedActivation(this);
        var y = ctx.View(fused.Output ?? Result);
        var bias = _b is null ? default : ctx.View(_b);
        Blas.GemmStridedBatched(s, false, !_tied, _n, _out, _in, 1f, ctx.View(_x), _in, 0, ctx.View(_w), _tied ? _out : _in, 0,
            0f, y, _out, 0, 1, bias, activation: fused.Activation);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        var s = ctx.Stream;
        var dy = ctx.Grad(Result);
        if (ctx.HasGrad(_x))
        {
            if (_tied) Blas.Gemm(s, false, true, _n, _in, _out, 1f, dy, _out, ctx.View(_w), _out, 1f, ctx.Grad(_x), _in);
            else Blas.Gemm(s, false, false, _n, _in, _out, 1f, dy, _out, ctx.View(_w), _in, 1f, ctx.Grad(_x), _in);
        }
        bool biasGrad = _b is not null && ctx.HasGrad(_b);
        if (ctx.HasGrad(_w))
        {
            if (_tied) Blas.Gemm(s, true, false, _in, _out, _n, 1f, ctx.View(_x), _in, dy, _out, 1f, ctx.Grad(_w), _out);
            else
            {
                // dW += dYᵀ·X, and db += the row sums of dYᵀ in the same launch.
                Blas.GemmStridedBatched(s, true, false, _out, _in, _n, 1f, dy, _out, 0, ctx.View(_x), _in, 0, 1f, ctx.Grad(_w), _in, 0, 1,
                    rowSums: biasGrad ? ctx.Grad(_b!) : default);
                biasGrad = false;
            }
        }
        if (biasGrad) Elementwise.ColumnSumAccumulate(s, dy, ctx.Grad(_b!), _n);
    }
}
