using KernelGen.Graph.Ops;

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

    /// <summary>Row <paramref name="row"/> of images (N, C, H, W) as (N, C, 1, W).</summary>
    public Tensor Row(Tensor x, int row, string? name = null) => Add(new SelectRowOp(this, name ?? "row", x, row));

    /// <summary>Rows (N, C, 1, W) stacked top to bottom into images (N, C, rows, W).</summary>
    public Tensor StackRows(IReadOnlyList<Tensor> rows, string? name = null) => Add(new StackRowsOp(this, name ?? "rows", rows.ToArray()));
}
