using KernelGen.Graph.Ops;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>Linear layers as Gemm: KernelGen's W is (out, in) like PyTorch's, so y = x·Wᵀ + b is transB = 1; a tied decoder's y = x·W + b is transB = 0.</summary>
internal static class DenseTranslation
{
    public static void Linear(LinearOp op, OnnxGraph g)
    {
        var inputs = op.Inputs.Select(g.Value).ToArray(); // x, W and the bias when there is one
        g.Node("Gemm", op.Name, inputs, g.Value(op.Result)).Int("transB", op.Tied ? 0 : 1);
    }
}
