using KernelGen.Graph;
using KernelGen.Graph.Ops;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>
/// Maps each KernelGen op of an inference graph to standard ONNX operators (opset <see cref="OnnxModelWriter.Opset"/>).
/// Ops that inference runs as the identity (dropout, training noise) become Identity; an op that has no inference form
/// (random draws, losses) is refused naming the node and the op.
/// </summary>
internal static class NodeTranslation
{
    public static void Translate(Node node, OnnxGraph g)
    {
        switch (node)
        {
            case LinearOp linear: DenseTranslation.Linear(linear, g); break;
            case MaskedConv2dOp masked: ConvolutionTranslation.MaskedConv2d(masked, g); break;
            case Conv2dOp conv: ConvolutionTranslation.Conv2d(conv, g); break;
            case ConvTranspose2dOp deconv: ConvolutionTranslation.ConvTranspose2d(deconv, g); break;
            case BatchNormOp norm: NormalizationTranslation.BatchNorm(norm, g); break;
            case MaxPool2dOp max: PoolingTranslation.MaxPool2d(max, g); break;
            case AvgPool2dOp avg: PoolingTranslation.AvgPool2d(avg, g); break;
            case UpsampleOp upsample: ResizeTranslation.Upsample(upsample, g); break;
            case ActivationOp activation: ActivationTranslation.Activation(activation, g); break;
            case InputActivationOp activation: ActivationTranslation.InputActivation(activation, g); break;
            case ReshapeOp reshape: ShapeTranslation.Reshape(reshape, g); break;
            case ConcatOp concat: ShapeTranslation.Concat(concat, g); break;
            case SplitOp split: ShapeTranslation.Split(split, g); break;
            case OneHotOp oneHot: ShapeTranslation.OneHot(oneHot, g); break;
            case ExpandToChannelsOp expand: ShapeTranslation.ExpandToChannels(expand, g); break;
            case SelectRowOp row: RecurrentTranslation.SelectRow(row, g); break;
            case StackRowsOp rows: RecurrentTranslation.StackRows(rows, g); break;
            case LstmCellOp cell: RecurrentTranslation.LstmCell(cell, g); break;
            case AddOp: Elementwise(node, "Add", g); break;
            case MultiplyOp: Elementwise(node, "Mul", g); break;
            case ScaleOp scale: g.Node("Mul", node.Name, [g.Value(node.Inputs[0]), g.Scalar(scale.Alpha)], g.Value(node.Result)); break;
            case DropoutOp or MaskingNoiseOp or GaussianNoiseOp: g.Node("Identity", node.Name, [g.Value(node.Inputs[0])], g.Value(node.Result)); break;
            default: throw Unsupported(node);
        }
    }

    private static void Elementwise(Node node, string op, OnnxGraph g) =>
        g.Node(op, node.Name, [g.Value(node.Inputs[0]), g.Value(node.Inputs[1])], g.Value(node.Result));

    /// <summary>The refusal of a node that has no ONNX form, naming the node, its op and why.</summary>
    internal static NotSupportedException Unsupported(Node node)
    {
        string why = node switch
        {
            RandomNormalOp => "it draws random numbers at inference, which has no deterministic ONNX form",
            ReparameterizeOp => "it samples z = μ + σ·ε, a step of training; an encoder part exports μ and log σ² instead",
            SumOp => "it reduces over the batch, which a model with a dynamic batch dimension cannot export",
            _ when !node.Differentiable => "it has no ONNX translation",
            _ => "it is a training-only op (a loss or a penalty) or has no ONNX translation",
        };
        return new NotSupportedException($"ONNX export: node '{node.Name}' (op {node.Op}) of graph '{node.Graph.Name}' cannot be exported: {why}.");
    }
}
