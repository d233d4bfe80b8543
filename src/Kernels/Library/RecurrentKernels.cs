namespace KernelGen.Kernels;

/// <summary>
/// The LSTM cell, fused: one launch per step of a recurrence computes all four gates, the cell state and the hidden
/// state of every unit (torch.nn.LSTMCell: gate order i, f, g, o; pre-activations given as an input part and a
/// recurrent part, summed here). Layout: the pre-activations of sample n are the four blocks of
/// <c>units</c> values at n·4·units (i, then f, g, o); states are (N, units).
/// </summary>
public static partial class RecurrentKernels
{
    /// <summary>
    /// c = f·c_prev + i·g and h = o·tanh(c) with i, f, o = σ and g = tanh of gx (+ gh); without a previous state
    /// (<paramref name="hasState"/> 0) gh and c_prev are not read and c = i·g. Launch over N·units.
    /// </summary>
    [Kernel(CpuCounterpart = "LstmCellCpu")]
    public static void LstmCell(Index1D i, ArrayView<float> gx, ArrayView<float> gh, ArrayView<float> cPrev, ArrayView<float> h, ArrayView<float> c,
        int units, int hasState)
    {
        int n = i / units;
        int u = i - n * units;
        int at = n * 4 * units + u;
        float zi = gx[at], zf = gx[at + units], zg = gx[at + 2 * units], zo = gx[at + 3 * units];
        if (hasState != 0)
        {
            zi += gh[at];
            zf += gh[at + units];
            zg += gh[at + 2 * units];
            zo += gh[at + 3 * units];
        }
        float ig = ActivationKernels.StableSigmoid(zi);
        float gg = MathF.Tanh(zg);
        float cell = ig * gg;
        if (hasState != 0) cell += ActivationKernels.StableSigmoid(zf) * cPrev[i];
        c[i] = cell;
        h[i] = ActivationKernels.StableSigmoid(zo) * MathF.Tanh(cell);
    }

    /// <summary>Bits of <see cref="LstmCellBackward"/>'s flags: what is given and what is wanted.</summary>
    public const int StateGiven = 1, DhGiven = 2, DcGiven = 4, GxWanted = 8, GhWanted = 16, CPrevWanted = 32;

    /// <summary>
    /// The cell's backward from the gradients of h and c (each only when its flag is set): with
    /// dc_total = dc + dh·o·(1 − tanh²c), adds dz_i = dc_total·g·i(1 − i), dz_f = dc_total·c_prev·f(1 − f),
    /// dz_g = dc_total·i·(1 − g²), dz_o = dh·tanh(c)·o(1 − o) to dgx (and to dgh), and dc_total·f to dc_prev, each only
    /// when wanted. Gates are recomputed from gx (+ gh); c is the forward's. Launch over N·units.
    /// </summary>
    [Kernel(CpuCounterpart = "LstmCellBackwardCpu")]
    public static void LstmCellBackward(Index1D i, ArrayView<float> gx, ArrayView<float> gh, ArrayView<float> cPrev, ArrayView<float> c,
        ArrayView<float> dh, ArrayView<float> dc, ArrayView<float> dgx, ArrayView<float> dgh, ArrayView<float> dcPrev, int units, int flags)
    {
        int hasState = flags & StateGiven;
        int n = i / units;
        int u = i - n * units;
        int at = n * 4 * units + u;
        float zi = gx[at], zf = gx[at + units], zg = gx[at + 2 * units], zo = gx[at + 3 * units];
        if (hasState != 0)
        {
            zi += gh[at];
            zf += gh[at + units];
            zg += gh[at + 2 * units];
            zo += gh[at + 3 * units];
        }
        float ig = ActivationKernels.StableSigmoid(zi);
        float fg = ActivationKernels.StableSigmoid(zf);
        float gg = MathF.Tanh(zg);
        float og = ActivationKernels.StableSigmoid(zo);
        float tc = MathF.Tanh(c[i]);
        float dhi = (flags & DhGiven) != 0 ? dh[i] : 0f;
        float dct = ((flags & DcGiven) != 0 ? dc[i] : 0f) + dhi * og * (1f - tc * tc);
        float prev = hasState != 0 ? cPrev[i] : 0f;
        float di = dct * gg * ig * (1f - ig);
        float df = dct * prev * fg * (1f - fg);
        float dg = dct * ig * (1f - gg * gg);
        float dout = dhi * tc * og * (1f - og);
        if ((flags & GxWanted) != 0)
        {
            dgx[at] += di;
            dgx[at + units] += df;
            dgx[at + 2 * units] += dg;
            dgx[at + 3 * units] += dout;
        }
        if (hasState != 0 && (flags & GhWanted) != 0)
        {
            dgh[at] += di;
            dgh[at + units] += df;
            dgh[at + 2 * units] += dg;
            dgh[at + 3 * units] += dout;
        }
        if (hasState != 0 && (flags & CPrevWanted) != 0) dcPrev[i] += dct * fg;
    }
}
