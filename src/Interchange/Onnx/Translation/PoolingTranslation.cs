using KernelGen.Graph.Ops;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>Square pooling windows, floor mode (PyTorch's ceil_mode = False, as KernelGen's pools are).</summary>
internal static class PoolingTranslation
{
    public static void MaxPool2d(MaxPool2dOp op, OnnxGraph g)
    {
        var (k, s, p) = op.Window;
        g.Node("MaxPool", op.Name, [g.Value(op.Inputs[0])], g.Value(op.Result))
            .Ints("kernel_shape", k, k).Ints("strides", s, s).Ints("pads", p, p, p, p);
    }

    public static void AvgPool2d(AvgPool2dOp op, OnnxGraph g)
    {
        var (k, s, p, countPad) = op.Window;
        g.Node("AveragePool", op.Name, [g.Value(op.Inputs[0])], g.Value(op.Result))
            .Ints("kernel_shape", k, k).Ints("strides", s, s).Ints("pads", p, p, p, p).Int("count_include_pad", countPad ? 1 : 0);
    }
}
