using System.Numerics.Tensors;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels;

// CPU counterparts of the fused LSTM cell, which the CPU backend runs instead of the kernels: each sample's units in
// blocks, every step a SIMD pass of TensorPrimitives over the block, samples spread over the CPU pool.
public static partial class RecurrentKernels
{
    private const int Block = 256;

    /// <summary>CPU counterpart of <see cref="LstmCell"/>.</summary>
    public static void LstmCellCpu(Index1D n, ArrayView<float> gx, ArrayView<float> gh, ArrayView<float> cPrev, ArrayView<float> h, ArrayView<float> c,
        int units, int hasState) =>
        CpuThreadPool.Shared.For(n / units, new CellForward { Gx = gx, Gh = gh, CPrev = cPrev, H = h, C = c, Units = units, HasState = hasState != 0 }, 1);

    /// <summary>CPU counterpart of <see cref="LstmCellBackward"/>.</summary>
    public static void LstmCellBackwardCpu(Index1D n, ArrayView<float> gx, ArrayView<float> gh, ArrayView<float> cPrev, ArrayView<float> c,
        ArrayView<float> dh, ArrayView<float> dc, ArrayView<float> dgx, ArrayView<float> dgh, ArrayView<float> dcPrev, int units, int flags) =>
        CpuThreadPool.Shared.For(n / units, new CellBackward
        {
            Gx = gx, Gh = gh, CPrev = cPrev, C = c, Dh = dh, Dc = dc, Dgx = dgx, Dgh = dgh, DcPrev = dcPrev, Units = units, Flags = flags,
        }, 1);

    /// <summary>The four gates of one block (i, f, o through σ, g through tanh) from gx (+ gh).</summary>
    private static void Gates(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, bool hasState, int units, int at, int len,
        Span<float> i, Span<float> f, Span<float> g, Span<float> o)
    {
        Sum(gx, gh, hasState, at, len, i);
        Sum(gx, gh, hasState, at + units, len, f);
        Sum(gx, gh, hasState, at + 2 * units, len, g);
        Sum(gx, gh, hasState, at + 3 * units, len, o);
        TensorPrimitives.Sigmoid(i, i);
        TensorPrimitives.Sigmoid(f, f);
        TensorPrimitives.Tanh(g, g);
        TensorPrimitives.Sigmoid(o, o);
    }

    private static void Sum(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, bool hasState, int at, int len, Span<float> dst)
    {
        if (hasState) TensorPrimitives.Add(gx.Slice(at, len), gh.Slice(at, len), dst);
        else gx.Slice(at, len).CopyTo(dst);
    }

    private struct CellForward : ICpuRangeBody
    {
        public ArrayView<float> Gx, Gh, CPrev, H, C;
        public int Units;
        public bool HasState;

        public void Run(int start, int end)
        {
            Span<float> buffer = stackalloc float[4 * Block];
            Span<float> gx = Gx.AsSpan(), gh = HasState ? Gh.AsSpan() : default, cPrev = HasState ? CPrev.AsSpan() : default, h = H.AsSpan(), c = C.AsSpan();
            for (int n = start; n < end; n++)
                for (int u0 = 0; u0 < Units; u0 += Block)
                {
                    int len = Math.Min(Block, Units - u0);
                    Span<float> i = buffer.Slice(0, len), f = buffer.Slice(Block, len), g = buffer.Slice(2 * Block, len), o = buffer.Slice(3 * Block, len);
                    Gates(gx, gh, HasState, Units, n * 4 * Units + u0, len, i, f, g, o);
                    int s = n * Units + u0;
                    var cell = c.Slice(s, len);
                    TensorPrimitives.Multiply(i, g, cell);
                    if (HasState) TensorPrimitives.FusedMultiplyAdd(f, cPrev.Slice(s, len), cell, cell);
                    var hidden = h.Slice(s, len);
                    TensorPrimitives.Tanh(cell, hidden);
                    TensorPrimitives.Multiply(hidden, o, hidden);
                }
        }
    }

    private struct CellBackward : ICpuRangeBody
    {
        public ArrayView<float> Gx, Gh, CPrev, C, Dh, Dc, Dgx, Dgh, DcPrev;
        public int Units, Flags;

        private readonly bool Has(int flag) => (Flags & flag) != 0;

        /// <summary>Adds the block's gate gradient dz to dgx and dgh where wanted.</summary>
        private readonly void AddGate(int gate, ReadOnlySpan<float> dz, int at, int len, bool wantGx, bool wantGh)
        {
            if (wantGx) { var t = Dgx.AsSpan().Slice(at + gate * Units, len); TensorPrimitives.Add(t, dz, t); }
            if (wantGh) { var t = Dgh.AsSpan().Slice(at + gate * Units, len); TensorPrimitives.Add(t, dz, t); }
        }

        public void Run(int start, int end)
        {
            Span<float> buffer = stackalloc float[7 * Block];
            bool state = Has(StateGiven), hasDh = Has(DhGiven), hasDc = Has(DcGiven), wantGx = Has(GxWanted), wantGh = state && Has(GhWanted), wantCPrev = state && Has(CPrevWanted);
            var gx = Gx.AsSpan();
            var gh = state ? Gh.AsSpan() : default;
            var c = C.AsSpan();
            for (int n = start; n < end; n++)
                for (int u0 = 0; u0 < Units; u0 += Block)
                {
                    int len = Math.Min(Block, Units - u0);
                    Span<float> i = buffer.Slice(0, len), f = buffer.Slice(Block, len), g = buffer.Slice(2 * Block, len), o = buffer.Slice(3 * Block, len),
                        tc = buffer.Slice(4 * Block, len), dct = buffer.Slice(5 * Block, len), w = buffer.Slice(6 * Block, len);
                    int at = n * 4 * Units + u0, s = n * Units + u0;
                    Gates(gx, gh, state, Units, at, len, i, f, g, o);
                    TensorPrimitives.Tanh(c.Slice(s, len), tc);
                    // dc_total = dc + dh·o·(1 − tanh²c)
                    if (hasDh)
                    {
                        TensorPrimitives.Multiply(tc, tc, dct);
                        TensorPrimitives.Subtract(1f, dct, dct);
                        TensorPrimitives.Multiply(dct, o, dct);
                        TensorPrimitives.Multiply(dct, Dh.AsSpan().Slice(s, len), dct);
                    }
                    else dct.Clear();
                    if (hasDc) TensorPrimitives.Add(dct, Dc.AsSpan().Slice(s, len), dct);

                    // dz_i = dc_total·g·i(1 − i)
                    TensorPrimitives.Subtract(1f, i, w);
                    TensorPrimitives.Multiply(w, i, w);
                    TensorPrimitives.Multiply(w, g, w);
                    TensorPrimitives.Multiply(w, dct, w);
                    AddGate(0, w, at, len, wantGx, wantGh);
                    // dz_f = dc_total·c_prev·f(1 − f); dc_prev += dc_total·f
                    if (state)
                    {
                        var prev = CPrev.AsSpan().Slice(s, len);
                        TensorPrimitives.Subtract(1f, f, w);
                        TensorPrimitives.Multiply(w, f, w);
                        TensorPrimitives.Multiply(w, prev, w);
                        TensorPrimitives.Multiply(w, dct, w);
                        AddGate(1, w, at, len, wantGx, wantGh);
                        if (wantCPrev) { var d = DcPrev.AsSpan().Slice(s, len); TensorPrimitives.FusedMultiplyAdd(dct, f, d, d); }
                    }
                    // dz_g = dc_total·i·(1 − g²)
                    TensorPrimitives.Multiply(g, g, w);
                    TensorPrimitives.Subtract(1f, w, w);
                    TensorPrimitives.Multiply(w, i, w);
                    TensorPrimitives.Multiply(w, dct, w);
                    AddGate(2, w, at, len, wantGx, wantGh);
                    // dz_o = dh·tanh(c)·o(1 − o)
                    if (hasDh)
                    {
                        TensorPrimitives.Subtract(1f, o, w);
                        TensorPrimitives.Multiply(w, o, w);
                        TensorPrimitives.Multiply(w, tc, w);
                        TensorPrimitives.Multiply(w, Dh.AsSpan().Slice(s, len), w);
                        AddGate(3, w, at, len, wantGx, wantGh);
                    }
                }
        }
    }
}
