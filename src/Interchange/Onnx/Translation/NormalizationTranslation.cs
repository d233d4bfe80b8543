using KernelGen.Graph.Ops;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>BatchNorm in its inference form: BatchNormalization with the running statistics (training_mode 0).</summary>
internal static class NormalizationTranslation
{
    public static void BatchNorm(BatchNormOp op, OnnxGraph g) =>
        g.Node("BatchNormalization", op.Name, op.Inputs.Select(g.Value), g.Value(op.Result)) // x, γ, β, running mean, running variance
            .Float("epsilon", op.Eps);
}
