using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>An element-wise loss of an input against a target of the same shape (MSE, BCE, BCE with logits).</summary>
internal abstract class PairLossNode : LossNode
{
    protected PairLossNode(GraphBuilder g, string op, string name, Tensor input, Tensor target, LossReduction reduction)
        : base(g, op, name, [input], [target])
    {
        if (input.DType != DType.Float32 || target.DType != DType.Float32) throw Error("input and target must be float tensors");
        if (input.Shape != target.Shape) throw Error($"input {input.Shape} and target {target.Shape} must have the same shape");
        if (!Enum.IsDefined(reduction)) throw Error($"unknown reduction {reduction}");
        Reduction = reduction;
        ScalarOutput();
    }

    /// <summary>Mean over the elements or sum.</summary>
    protected LossReduction Reduction { get; }

    protected override int OpScratchLength => Loss.ElementwiseScratchLength(Inputs[0].Shape.Numel);
}
