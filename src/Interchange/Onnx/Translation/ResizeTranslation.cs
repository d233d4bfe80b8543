using KernelGen.Graph.Ops;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>
/// Upsampling as Resize: nearest by integer scales (output pixel o reads input ⌊o/scale⌋: asymmetric coordinates,
/// floor), bilinear to a fixed size with half-pixel coordinates (PyTorch's align_corners = False). The bilinear size
/// is given for all four axes, the batch taken from the input's shape, so the batch stays dynamic.
/// </summary>
internal static class ResizeTranslation
{
    public static void Upsample(UpsampleOp op, OnnxGraph g)
    {
        var (x, y) = (op.Inputs[0], op.Result);
        string input = g.Value(x);
        if (!op.IsBilinear)
        {
            var scales = g.Constant([1f, 1f, y.Shape[2] / x.Shape[2], y.Shape[3] / x.Shape[3]], 4);
            g.Node("Resize", op.Name, [input, "", scales], g.Value(y))
                .String("mode", "nearest").String("coordinate_transformation_mode", "asymmetric").String("nearest_mode", "floor");
            return;
        }
        string shape = g.Temporary(op.Name + ".shape"), batchChannels = g.Temporary(op.Name + ".nc"), sizes = g.Temporary(op.Name + ".sizes");
        g.Node("Shape", op.Name + ".shape", [input], shape);
        g.Node("Slice", op.Name + ".nc", [shape, g.Int64s(0), g.Int64s(2)], batchChannels);
        g.Node("Concat", op.Name + ".sizes", [batchChannels, g.Int64s(y.Shape[2], y.Shape[3])], sizes).Int("axis", 0);
        g.Node("Resize", op.Name, [input, "", "", sizes], g.Value(y))
            .String("mode", "linear").String("coordinate_transformation_mode", "half_pixel");
    }
}
