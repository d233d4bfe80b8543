using KernelGen.Graph.Ops;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>
/// The recurrent ops, unrolled as the graph unrolls them: a row of images is a Slice on axis 2 and stacked rows a
/// Concat on axis 2; the fused LSTM cell becomes its arithmetic (gates summed, split into i, f, g, o on axis 1,
/// σ/tanh, c = f·c_prev + i·g, h = o·tanh c), exactly what the kernel computes.
/// </summary>
internal static class RecurrentTranslation
{
    public static void SelectRow(SelectRowOp op, OnnxGraph g) =>
        g.Node("Slice", op.Name, [g.Value(op.Inputs[0]), g.Int64s(op.Row), g.Int64s(op.Row + 1), g.Int64s(2)], g.Value(op.Result));

    public static void StackRows(StackRowsOp op, OnnxGraph g) =>
        g.Node("Concat", op.Name, op.Inputs.Select(g.Value), g.Value(op.Result)).Int("axis", 2);

    public static void LstmCell(LstmCellOp op, OnnxGraph g)
    {
        string T(string what) => g.Temporary($"{op.Name}.{what}");
        bool state = op.Inputs.Count == 3;
        string gates = g.Value(op.Inputs[0]);
        if (state)
        {
            gates = T("gates");
            g.Node("Add", op.Name + ".gates", [g.Value(op.Inputs[0]), g.Value(op.Inputs[1])], gates);
        }
        long units = op.Result.Shape[1];
        var (zi, zf, zg, zo) = (T("zi"), T("zf"), T("zg"), T("zo"));
        g.Node("Split", op.Name + ".split", [gates, g.Int64s(units, units, units, units)], zi, zf, zg, zo).Int("axis", 1);
        var (i, gg, o) = (T("i"), T("g"), T("o"));
        g.Node("Sigmoid", op.Name + ".i", [zi], i);
        g.Node("Tanh", op.Name + ".g", [zg], gg);
        g.Node("Sigmoid", op.Name + ".o", [zo], o);
        string c = g.Value(op.Cell);
        if (state)
        {
            var (f, kept, added) = (T("f"), T("kept"), T("added"));
            g.Node("Sigmoid", op.Name + ".f", [zf], f);
            g.Node("Mul", op.Name + ".kept", [f, g.Value(op.Inputs[2])], kept);
            g.Node("Mul", op.Name + ".added", [i, gg], added);
            g.Node("Add", op.Name + ".c", [kept, added], c);
        }
        else g.Node("Mul", op.Name + ".c", [i, gg], c);
        string squashed = T("tanh_c");
        g.Node("Tanh", op.Name + ".tanh_c", [c], squashed);
        g.Node("Mul", op.Name, [o, squashed], g.Value(op.Result));
    }
}
