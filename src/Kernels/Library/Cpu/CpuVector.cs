using System.Numerics;
using System.Runtime.InteropServices;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// Row operations of the CPU counterparts in <see cref="Vector{T}"/> lanes, each the kernels' scalar expression
/// lane by lane (comparisons as selects, so NaN, −0 and infinities come out as the kernels give them).
/// </summary>
internal static class CpuVector
{
    /// <summary>row = act(row): 0 none, 1 ReLU (x &gt; 0 ? x : 0), 2 LeakyReLU (x &gt; 0 ? x : slope·x), as <see cref="GemmKernels.Activate"/>.</summary>
    public static void Activate(Span<float> row, int kind, float slope)
    {
        if (kind == 0) return;
        var v = MemoryMarshal.Cast<float, Vector<float>>(row);
        var s = new Vector<float>(slope);
        for (int k = 0; k < v.Length; k++)
            v[k] = Vector.ConditionalSelect(Vector.GreaterThan(v[k], Vector<float>.Zero), v[k], kind == 1 ? Vector<float>.Zero : v[k] * s);
        for (int i = v.Length * Vector<float>.Count; i < row.Length; i++) row[i] = GemmKernels.Activate(row[i], kind, slope);
    }

    /// <summary>y = act(x) over a row (see <see cref="Activate(Span{float}, int, float)"/>).</summary>
    public static void Activate(ReadOnlySpan<float> x, Span<float> y, int kind, float slope)
    {
        x.CopyTo(y);
        Activate(y, kind, slope);
    }

    /// <summary>
    /// dx += y &gt; 0 ? dy : (leaky ? dy·slope : 0): the backward of ReLU (<paramref name="leaky"/> false) and LeakyReLU,
    /// read from the output y (which has the sign of the input for a positive slope).
    /// </summary>
    public static void ActivationBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, bool leaky, float slope)
    {
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vdy = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var vdx = MemoryMarshal.Cast<float, Vector<float>>(dx);
        var s = new Vector<float>(slope);
        for (int k = 0; k < vdx.Length; k++)
            vdx[k] += Vector.ConditionalSelect(Vector.GreaterThan(vy[k], Vector<float>.Zero), vdy[k], leaky ? vdy[k] * s : Vector<float>.Zero);
        for (int i = vdx.Length * Vector<float>.Count; i < dx.Length; i++) dx[i] += y[i] > 0f ? dy[i] : leaky ? dy[i] * slope : 0f;
    }

    /// <summary>dx += dy·(1 − y²) (tanh) or dx += dy·y·(1 − y) (sigmoid), from the output y.</summary>
    public static void SmoothBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, bool tanh)
    {
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vdy = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var vdx = MemoryMarshal.Cast<float, Vector<float>>(dx);
        for (int k = 0; k < vdx.Length; k++)
            vdx[k] += tanh ? vdy[k] * (Vector<float>.One - vy[k] * vy[k]) : vdy[k] * vy[k] * (Vector<float>.One - vy[k]);
        for (int i = vdx.Length * Vector<float>.Count; i < dx.Length; i++)
            dx[i] += tanh ? dy[i] * (1f - y[i] * y[i]) : dy[i] * y[i] * (1f - y[i]);
    }

    /// <summary>y = act((x − mean)·invStd·gamma + beta) over one channel's row (the batch-norm apply).</summary>
    public static void Normalize(ReadOnlySpan<float> x, Span<float> y, float mean, float invStd, float gamma, float beta, int kind, float slope)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y[..x.Length]);
        Vector<float> m = new(mean), r = new(invStd), g = new(gamma), b = new(beta);
        for (int k = 0; k < vx.Length; k++) vy[k] = (vx[k] - m) * r * g + b;
        for (int i = vx.Length * Vector<float>.Count; i < x.Length; i++) y[i] = (x[i] - mean) * invStd * gamma + beta;
        Activate(y[..x.Length], kind, slope);
    }

    /// <summary>dx += coef·(m·dy − s0 − (x − mean)·invStd·s1) over one channel's row (the batch-norm input gradient).</summary>
    public static void NormalizeBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, float coef, float m, float mean,
        float invStd, float s0, float s1)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vdy = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var vdx = MemoryMarshal.Cast<float, Vector<float>>(dx);
        Vector<float> c = new(coef), vm = new(m), mu = new(mean), r = new(invStd), a = new(s0), b = new(s1);
        for (int k = 0; k < vdx.Length; k++) vdx[k] += c * (vm * vdy[k] - a - (vx[k] - mu) * r * b);
        for (int i = vdx.Length * Vector<float>.Count; i < dx.Length; i++) dx[i] += coef * (m * dy[i] - s0 - (x[i] - mean) * invStd * s1);
    }

    /// <summary>Σ x in double (widened lanes).</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        var v = MemoryMarshal.Cast<float, Vector<float>>(x);
        Vector<double> lo = Vector<double>.Zero, hi = Vector<double>.Zero;
        for (int k = 0; k < v.Length; k++)
        {
            Vector.Widen(v[k], out var a, out var b);
            lo += a;
            hi += b;
        }
        double sum = Vector.Sum(lo + hi);
        for (int i = v.Length * Vector<float>.Count; i < x.Length; i++) sum += x[i];
        return sum;
    }

    /// <summary>Σ (x − mean)² in double (widened lanes).</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x, double mean)
    {
        var v = MemoryMarshal.Cast<float, Vector<float>>(x);
        var mu = new Vector<double>(mean);
        Vector<double> lo = Vector<double>.Zero, hi = Vector<double>.Zero;
        for (int k = 0; k < v.Length; k++)
        {
            Vector.Widen(v[k], out var a, out var b);
            a -= mu;
            b -= mu;
            lo += a * a;
            hi += b * b;
        }
        double sum = Vector.Sum(lo + hi);
        for (int i = v.Length * Vector<float>.Count; i < x.Length; i++) sum += (x[i] - mean) * (x[i] - mean);
        return sum;
    }
}
