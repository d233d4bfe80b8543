namespace KernelGen.Kernels;

/// <summary>
/// Host-side entry points of the fused LSTM cell (<see cref="RecurrentKernels"/>): pre-activations (N, 4·units) in
/// torch.nn.LSTMCell's gate order i, f, g, o, given as an input part gx and a recurrent part gh; states (N, units).
/// </summary>
public static class Recurrent
{
    /// <summary>c = f·c_prev + i·g, h = o·tanh(c); without <paramref name="gh"/> (empty) there is no previous state: c = i·g.</summary>
    public static void LstmCell(AcceleratorStream stream, ArrayView<float> gx, ArrayView<float> gh, ArrayView<float> cPrev,
        ArrayView<float> h, ArrayView<float> c, int units)
    {
        const string op = "LstmCell";
        bool state = !gh.IsEmpty;
        int n = Check(op, gx, units);
        OpChecks.Length(op, nameof(h), h, n * units, $"N·units ({n}·{units})");
        OpChecks.Length(op, nameof(c), c, n * units, $"N·units ({n}·{units})");
        if (state)
        {
            OpChecks.Length(op, nameof(gh), gh, gx.Length, $"gx ('{OpChecks.Name(gx)}', {gx.Length} elements)");
            OpChecks.Length(op, nameof(cPrev), cPrev, n * units, $"N·units ({n}·{units})");
        }
        stream.Launch(RecurrentKernels.LstmCellKernel, n * units, gx, state ? gh : gx, state ? cPrev : c, h, c, units, state ? 1 : 0);
    }

    /// <summary>
    /// The cell's backward: from dh and dc (either may be empty: no gradient), adds the pre-activations' gradient to dgx
    /// and dgh and c_prev's to dcPrev, each only when its view is given (not empty). c is the forward's cell state.
    /// </summary>
    public static void LstmCellBackward(AcceleratorStream stream, ArrayView<float> gx, ArrayView<float> gh, ArrayView<float> cPrev, ArrayView<float> c,
        ArrayView<float> dh, ArrayView<float> dc, ArrayView<float> dgx, ArrayView<float> dgh, ArrayView<float> dcPrev, int units)
    {
        const string op = "LstmCellBackward";
        bool state = !gh.IsEmpty;
        int n = Check(op, gx, units);
        int cells = n * units;
        OpChecks.Length(op, nameof(c), c, cells, $"N·units ({n}·{units})");
        if (state) OpChecks.Length(op, nameof(cPrev), cPrev, cells, $"N·units ({n}·{units})");
        Optional(op, nameof(dh), dh, cells);
        Optional(op, nameof(dc), dc, cells);
        Optional(op, nameof(dgx), dgx, gx.Length);
        Optional(op, nameof(dgh), dgh, gx.Length);
        Optional(op, nameof(dcPrev), dcPrev, cells);
        if (dh.IsEmpty && dc.IsEmpty) return; // no gradient reaches the cell
        var any = c;
        stream.Launch(RecurrentKernels.LstmCellBackwardKernel, cells, gx, state ? gh : gx, state ? cPrev : c, c,
            dh.IsEmpty ? any : dh, dc.IsEmpty ? any : dc, dgx.IsEmpty ? any : dgx, dgh.IsEmpty ? any : dgh, dcPrev.IsEmpty ? any : dcPrev, units,
            (state ? RecurrentKernels.StateGiven : 0) | (dh.IsEmpty ? 0 : RecurrentKernels.DhGiven) | (dc.IsEmpty ? 0 : RecurrentKernels.DcGiven)
            | (dgx.IsEmpty ? 0 : RecurrentKernels.GxWanted) | (dgh.IsEmpty ? 0 : RecurrentKernels.GhWanted) | (dcPrev.IsEmpty ? 0 : RecurrentKernels.CPrevWanted));
    }

    private static void Optional(string op, string name, ArrayView<float> v, int length)
    {
        if (!v.IsEmpty) OpChecks.Length(op, name, v, length, "its forward counterpart");
    }

    private static int Check(string op, ArrayView<float> gx, int units)
    {
        if (units < 1) throw new ArgumentOutOfRangeException(nameof(units), $"{op}: an LSTM needs at least 1 hidden unit, not {units}.");
        if (gx.IsEmpty || gx.Length % (4 * units) != 0)
            throw new ArgumentException($"{op}: gx ('{OpChecks.Name(gx)}', {(gx.IsEmpty ? 0 : gx.Length)} elements) is not N × 4·{units} pre-activations.", nameof(gx));
        return gx.Length / (4 * units);
    }
}
