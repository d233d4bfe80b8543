using KernelGen.Kernels;

namespace KernelGen.Graph.Ops;

/// <summary>
/// The fused LSTM cell (<see cref="Recurrent.LstmCell"/>): pre-activations gx (N, 4·C, …) from the input and, when there
/// is a previous state, gh (same shape) from it with the previous cell state c_prev (N, C, …), in torch.nn.LSTMCell's
/// gate order i, f, g, o along axis 1 → h (the result) and c (output <c>{name}.c</c>), both (N, C, …). A cell without a
/// previous state starts from zero: c = i·g.
/// </summary>
internal sealed class LstmCellOp : Node
{
    private readonly Tensor _gx;
    private readonly Tensor? _gh, _cPrev;
    private readonly int _units;

    public LstmCellOp(GraphBuilder g, string name, Tensor gx, Tensor? gh, Tensor? cPrev)
        : base(g, "LstmCell", name, gh is null ? [gx] : [gx, gh, cPrev!])
    {
        (_gx, _gh, _cPrev) = (gx, gh, cPrev);
        if ((gh is null) != (cPrev is null)) throw Error("the recurrent pre-activations and the previous cell state come together, or neither does");
        if (gx.Shape.Rank < 2 || gx.Shape[1] % 4 != 0 || gx.Shape[1] == 0)
            throw Error($"pre-activations {gx} must be (N, 4·C, …): the four gates i, f, g, o along axis 1");
        var dims = gx.Shape.ToArray();
        dims[1] /= 4;
        var state = new Shape(dims);
        if (gh is not null && gh.Shape != gx.Shape) throw Error($"the recurrent pre-activations {gh} must have the input's shape {gx.Shape}");
        if (cPrev is not null && cPrev.Shape != state) throw Error($"the previous cell state {cPrev} must be {state}");
        _units = state.Numel / state[0];
        Output(state);
        Cell = Output(state, "c");
    }

    /// <summary>The cell state c.</summary>
    public Tensor Cell { get; }

    protected internal override IEnumerable<Tensor> SavedForBackward => _gh is null ? [_gx, Cell] : [_gx, _gh, _cPrev!, Cell];

    protected internal override void Forward(ExecutionContext ctx) =>
        Recurrent.LstmCell(ctx.Stream, ctx.View(_gx), _gh is null ? default : ctx.View(_gh), _cPrev is null ? default : ctx.View(_cPrev),
            ctx.View(Result), ctx.View(Cell), _units);

    protected internal override void Backward(ExecutionContext ctx)
    {
        ArrayView<float> GradOf(Tensor? t) => t is not null && ctx.HasGrad(t) ? ctx.Grad(t) : default;
        Recurrent.LstmCellBackward(ctx.Stream, ctx.View(_gx), _gh is null ? default : ctx.View(_gh), _cPrev is null ? default : ctx.View(_cPrev),
            ctx.View(Cell), GradOf(Result), GradOf(Cell), GradOf(_gx), GradOf(_gh), GradOf(_cPrev), _units);
    }
}
