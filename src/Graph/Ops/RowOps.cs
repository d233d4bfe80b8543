using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>Row r of images (N, C, H, W) as (N, C, 1, W), for ops that run row by row (the Row LSTM).</summary>
internal sealed class SelectRowOp : Node
{
    private readonly int _row;

    public SelectRowOp(GraphBuilder g, string name, Tensor x, int row) : base(g, "SelectRow", name, x)
    {
        if (x.Shape.Rank != 4) throw Error($"input {x} must be images (N, C, H, W)");
        if ((uint)row >= (uint)x.Shape[2]) throw Error($"row {row} is outside the {x.Shape[2]} rows");
        _row = row;
        Output(new Shape(x.Shape[0], x.Shape[1], 1, x.Shape[3]));
    }

    /// <summary>The row taken.</summary>
    internal int Row => _row;

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx) =>
        Shapes.CopyRow(ctx.Stream, ctx.View(Inputs[0]), ctx.View(Result), Inputs[0].Shape[2], Inputs[0].Shape[3], _row, toImage: false, accumulate: false);

    protected internal override void Backward(ExecutionContext ctx)
    {
        if (ctx.HasGrad(Inputs[0]))
            Shapes.CopyRow(ctx.Stream, ctx.Grad(Inputs[0]), ctx.Grad(Result), Inputs[0].Shape[2], Inputs[0].Shape[3], _row, toImage: true, accumulate: true);
    }
}

/// <summary>Rows (N, C, 1, W), H of them, stacked top to bottom into images (N, C, H, W).</summary>
internal sealed class StackRowsOp : Node
{
    public StackRowsOp(GraphBuilder g, string name, Tensor[] rows) : base(g, "StackRows", name, rows)
    {
        if (rows.Length == 0) throw Error("there are no rows to stack");
        var first = rows[0].Shape;
        if (first.Rank != 4 || first[2] != 1) throw Error($"row {rows[0]} must be (N, C, 1, W)");
        foreach (var r in rows)
            if (r.Shape != first) throw Error($"row {r} differs from the first row's shape {first}");
        Output(new Shape(first[0], first[1], rows.Length, first[3]));
    }

    protected internal override IEnumerable<Tensor> SavedForBackward => [];

    protected internal override void Forward(ExecutionContext ctx)
    {
        int height = Result.Shape[2], width = Result.Shape[3];
        for (int r = 0; r < Inputs.Count; r++)
            Shapes.CopyRow(ctx.Stream, ctx.View(Result), ctx.View(Inputs[r]), height, width, r, toImage: true, accumulate: false);
    }

    protected internal override void Backward(ExecutionContext ctx)
    {
        int height = Result.Shape[2], width = Result.Shape[3];
        for (int r = 0; r < Inputs.Count; r++)
            if (ctx.HasGrad(Inputs[r]))
                Shapes.CopyRow(ctx.Stream, ctx.Grad(Result), ctx.Grad(Inputs[r]), height, width, r, toImage: false, accumulate: true);
    }
}
