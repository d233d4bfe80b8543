using KernelGen.Graph.Ops;
using KernelGen.Kernels;

namespace KernelGen.Interchange.Onnx.Translation;

/// <summary>
/// Activations. ReLU, LeakyReLU, ELU, Sigmoid and Tanh have ONNX operators of their own. Opset 17 has no GELU and its
/// Softplus has no β or threshold, so those two are composed: GELU = ½x(1 + erf(x/√2)) (or the tanh form), Softplus =
/// x where βx &gt; threshold, else softplus(βx)/β (PyTorch's definition, as KernelGen's kernel computes it).
/// </summary>
internal static class ActivationTranslation
{
    public static void Activation(ActivationOp op, OnnxGraph g)
    {
        var (x, y) = (g.Value(op.Inputs[0]), g.Value(op.Result));
        switch (op.Op)
        {
            case "ReLU": g.Node("Relu", op.Name, [x], y); break;
            case "Sigmoid": g.Node("Sigmoid", op.Name, [x], y); break;
            case "Tanh": g.Node("Tanh", op.Name, [x], y); break;
            case "LeakyReLU": g.Node("LeakyRelu", op.Name, [x], y).Float("alpha", op.Slope!.Value); break;
            case "ELU": g.Node("Elu", op.Name, [x], y).Float("alpha", op.Slope!.Value); break;
            default: throw NodeTranslation.Unsupported(op);
        }
    }

    public static void InputActivation(InputActivationOp op, OnnxGraph g)
    {
        if (op.IsGelu) Gelu(op, g);
        else Softplus(op, g);
    }

    private static void Gelu(InputActivationOp op, OnnxGraph g)
    {
        var (x, y, n) = (g.Value(op.Inputs[0]), g.Value(op.Result), op.Name);
        string inner = g.Temporary(n + ".inner"), squashed = g.Temporary(n + ".squashed"), onePlus = g.Temporary(n + ".one_plus"), half = g.Temporary(n + ".half_x");
        if (op.Approximation == GeluApproximation.Tanh)
        {
            string cube = g.Temporary(n + ".cube"), cubic = g.Temporary(n + ".cubic"), sum = g.Temporary(n + ".sum");
            g.Node("Pow", n + ".cube", [x, g.Scalar(3f)], cube);
            g.Node("Mul", n + ".cubic", [cube, g.Scalar(0.044715f)], cubic);
            g.Node("Add", n + ".sum", [x, cubic], sum);
            g.Node("Mul", n + ".inner", [sum, g.Scalar(0.79788456080286536f)], inner);
            g.Node("Tanh", n + ".squashed", [inner], squashed);
        }
        else
        {
            g.Node("Mul", n + ".inner", [x, g.Scalar(0.70710678118654752f)], inner);
            g.Node("Erf", n + ".squashed", [inner], squashed);
        }
        g.Node("Add", n + ".one_plus", [squashed, g.Scalar(1f)], onePlus);
        g.Node("Mul", n + ".half_x", [x, g.Scalar(0.5f)], half);
        g.Node("Mul", n, [half, onePlus], y);
    }

    private static void Softplus(InputActivationOp op, OnnxGraph g)
    {
        var (x, y, n) = (g.Value(op.Inputs[0]), g.Value(op.Result), op.Name);
        var (beta, threshold) = op.SoftplusParameters;
        string bx = x, soft = g.Temporary(n + ".softplus"), linear = g.Temporary(n + ".linear");
        if (beta != 1f)
        {
            bx = g.Temporary(n + ".beta_x");
            g.Node("Mul", n + ".beta_x", [x, g.Scalar(beta)], bx);
        }
        g.Node("Softplus", n + ".softplus", [bx], soft);
        if (beta != 1f)
        {
            string scaled = g.Temporary(n + ".scaled");
            g.Node("Div", n + ".scaled", [soft, g.Scalar(beta)], scaled);
            soft = scaled;
        }
        g.Node("Greater", n + ".linear", [bx, g.Scalar(threshold)], linear);
        g.Node("Where", n, [linear, x, soft], y);
    }
}
