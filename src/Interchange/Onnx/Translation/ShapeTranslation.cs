using KernelGen.Graph.Ops;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>
/// Shape ops with the batch axis left dynamic: a reshape's target is −1 on axis 0 (KernelGen's reshapes keep the
/// samples in order, so whatever the batch, the rest of the shape is fixed); concatenation and splits are on axis 1.
/// Labels are int64 in ONNX; OneHot of a label outside [−classes, classes) is a zero row, and a negative label counts
/// from the end (ONNX's rule; KernelGen reports such labels instead).
/// </summary>
internal static class ShapeTranslation
{
    public static void Reshape(ReshapeOp op, OnnxGraph g)
    {
        var dims = op.Result.Shape.ToArray().Select(d => (long)d).ToArray();
        dims[0] = -1;
        g.Node("Reshape", op.Name, [g.Value(op.Inputs[0]), g.Int64s(dims)], g.Value(op.Result));
    }

    public static void Concat(ConcatOp op, OnnxGraph g) =>
        g.Node("Concat", op.Name, op.Inputs.Select(g.Value), g.Value(op.Result)).Int("axis", 1);

    public static void Split(SplitOp op, OnnxGraph g) =>
        g.Node("Split", op.Name, [g.Value(op.Inputs[0]), g.Int64s(op.Result.Shape[1], op.Rest.Shape[1])], g.Value(op.Result), g.Value(op.Rest))
            .Int("axis", 1);

    public static void OneHot(OneHotOp op, OnnxGraph g) =>
        g.Node("OneHot", op.Name, [g.Value(op.Inputs[0]), g.Int64s(op.Classes), g.Constant([0f, 1f], 2)], g.Value(op.Result))
            .Int("axis", -1);

    public static void ExpandToChannels(ExpandToChannelsOp op, OnnxGraph g)
    {
        var (h, w) = op.Size;
        string column = g.Temporary(op.Name + ".unsqueezed");
        g.Node("Unsqueeze", op.Name + ".unsqueezed", [g.Value(op.Inputs[0]), g.Int64s(2, 3)], column);
        g.Node("Expand", op.Name, [column, g.Int64s(1, 1, h, w)], g.Value(op.Result));
    }
}
