using KernelGen.Graph.Ops;
using KernelGen.Kernels;

namespace KernelGen.Graph;

public sealed partial class GraphBuilder
{
    /// <summary>
    /// The fused LSTM cell on pre-activations: gx (N, 4·C, …) from the input, gh (same shape) from the previous hidden
    /// state and the previous cell state (N, C, …), gate order i, f, g, o along axis 1 (torch.nn.LSTMCell's). Without
    /// gh and cPrev the cell starts from a zero state. Returns the hidden state h and the cell state c, both (N, C, …).
    /// </summary>
    public (Tensor H, Tensor C) LstmCell(Tensor gx, Tensor? gh, Tensor? cPrev, string name)
    {
        var node = new LstmCellOp(this, name, gx, gh, cPrev);
        return (Add(node), node.Cell);
    }

    /// <summary>
    /// torch.nn.LSTMCell(x.features, <paramref name="hidden"/>): gates = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh (Linear layers
    /// <c>{name}.ih</c> and <c>{name}.hh</c>), then the fused cell. Without a previous state (h and c null) the cell
    /// starts from zero and has no recurrent layer: PyTorch's cell with h₀ = c₀ = 0 and b_hh = 0.
    /// </summary>
    public (Tensor H, Tensor C) LstmCell(Tensor x, Tensor? h, Tensor? c, int hidden, string name)
    {
        if (hidden < 1) throw new GraphException($"LstmCell '{name}': the hidden size must be at least 1, got {hidden} (inputs: {x}).");
        if ((h is null) != (c is null)) throw new GraphException($"LstmCell '{name}': the previous hidden and cell states come together, or neither does.");
        var gx = Linear(x, 4 * hidden, $"{name}.ih");
        var gh = h is null ? null : Linear(h, 4 * hidden, $"{name}.hh");
        return LstmCell(gx, gh, c, name);
    }

    /// <summary>
    /// A 1×<paramref name="width"/> convolution along each row of images (N, C, H, W) → (N, <paramref name="outChannels"/>,
    /// H, W), zero-padded at both ends of the row (width odd); with <paramref name="mask"/> B each output sees its own
    /// position and those to its left only (the Row LSTM's input-to-state convolution).
    /// </summary>
    public Tensor RowConv(Tensor x, int outChannels, int width, string name, PixelCnnMask? mask = null, bool bias = true)
    {
        RequireImage("RowConv", name, x);
        RequirePositive("RowConv", name, x, ("output channels", outChannels), ("width", width));
        if (width % 2 == 0) throw new GraphException($"RowConv '{name}': the width must be odd to keep the row's length, got {width} (inputs: {x}).");
        int fanIn = x.Shape[1] * width;
        var w = Parameter($"{name}.weight", new Shape(outChannels, x.Shape[1], 1, width), Init.FanInUniform(fanIn));
        var b = bias ? Parameter($"{name}.bias", new Shape(outChannels), Init.FanInUniform(fanIn)) : null;
        return Add(mask is { } m
            ? new MaskedConv2dOp(this, name, x, w, b, padding: 0, m, paddingWidth: width / 2)
            : new Conv2dOp(this, name, x, w, b, stride: 1, padding: 0, dilation: 1, paddingWidth: width / 2));
    }

    /// <summary>Row <paramref name="row"/> of images (N, C, H, W) as (N, C, 1, W).</summary>
    public Tensor Row(Tensor x, int row, string? name = null) => Add(new SelectRowOp(this, name ?? "row", x, row));

    /// <summary>Rows (N, C, 1, W) stacked top to bottom into images (N, C, rows, W).</summary>
    public Tensor StackRows(IReadOnlyList<Tensor> rows, string? name = null) => Add(new StackRowsOp(this, name ?? "rows", rows.ToArray()));
}
