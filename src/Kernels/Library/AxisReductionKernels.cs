namespace KernelGen.Kernels;

/// <summary>
/// Reductions and softmax over one axis of a tensor viewed as (outer, axis, inner): any single axis of NCHW
/// (e.g. channels: outer = n, axis = c, inner = h·w; the last axis: inner = 1). Forward kernels run once per
/// (outer, inner) pair and loop over the axis; backward kernels accumulate into dx.
/// </summary>
public static partial class AxisReductionKernels
{
    /// <summary>y[o, j] = scale · Σ_a x[o, a, j] (scale 1: sum, 1/axis: mean). Extent: outer·inner.</summary>
    [Kernel]
    public static void Sum(Index1D i, ArrayView<float> x, ArrayView<float> y, int axis, int inner, float scale)
    {
        int o = i / inner;
        int j = i - o * inner;
        int at = o * axis * inner + j;
        float sum = 0f;
        for (int a = 0; a < axis; a++) sum += x[at + a * inner];
        y[i] = sum * scale;
    }

    /// <summary>dx[o, a, j] += scale · dy[o, j]. Extent: outer·axis·inner.</summary>
    [Kernel]
    public static void SumBackward(Index1D i, ArrayView<float> dy, ArrayView<float> dx, int axis, int inner, float scale)
    {
        int j = i % inner;
        int o = i / (axis * inner);
        dx[i] += dy[o * inner + j] * scale;
    }

    /// <summary>y[o, j] = max_a x[o, a, j]; argmax[o, j] = the first a reaching it. Extent: outer·inner.</summary>
    [Kernel]
    public static void Max(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<int> argmax, int axis, int inner)
    {
        int o = i / inner;
        int j = i - o * inner;
        int at = o * axis * inner + j;
        float best = x[at];
        int bestA = 0;
        for (int a = 1; a < axis; a++)
        {
            float v = x[at + a * inner];
            if (v > best)
            {
                best = v;
                bestA = a;
            }
        }
        y[i] = best;
        argmax[i] = bestA;
    }

    /// <summary>dx[o, argmax[o, j], j] += dy[o, j]; each thread owns distinct elements, so no atomics. Extent: outer·inner.</summary>
    [Kernel]
    public static void MaxBackward(Index1D i, ArrayView<float> dy, ArrayView<int> argmax, ArrayView<float> dx, int axis, int inner)
    {
        int o = i / inner;
        int j = i - o * inner;
        dx[(o * axis + argmax[i]) * inner + j] += dy[i];
    }

    /// <summary>
    /// Softmax (<paramref name="logarithm"/> = 0) or log-softmax (≠ 0) over the axis, stable: the maximum is
    /// subtracted before exponentiating (and, for log-softmax, before subtracting log Σ, so large inputs keep their precision). May run in place. Extent: outer·inner.
    /// </summary>
    [Kernel]
    public static void Softmax(Index1D i, ArrayView<float> x, ArrayView<float> y, int axis, int inner, int logarithm)
    {
        int o = i / inner;
        int j = i - o * inner;
        int at = o * axis * inner + j;
        float max = x[at];
        for (int a = 1; a < axis; a++) max = MathF.Max(max, x[at + a * inner]);
        float sum = 0f;
        for (int a = 0; a < axis; a++) sum += MathF.Exp(x[at + a * inner] - max);
        if (logarithm != 0)
        {
            float logSum = MathF.Log(sum);
            for (int a = 0; a < axis; a++) y[at + a * inner] = (x[at + a * inner] - max) - logSum;
        }
        else
        {
            float inv = 1f / sum;
            for (int a = 0; a < axis; a++) y[at + a * inner] = MathF.Exp(x[at + a * inner] - max) * inv;
        }
    }

    /// <summary>Softmax backward from the output: dx += y·(dy − Σ_a dy·y). Extent: outer·inner.</summary>
    [Kernel]
    public static void SoftmaxBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int axis, int inner)
    {
        int o = i / inner;
        int j = i - o * inner;
        int at = o * axis * inner + j;
        float dot = 0f;
        for (int a = 0; a < axis; a++) dot += dy[at + a * inner] * y[at + a * inner];
        for (int a = 0; a < axis; a++)
        {
            int k = at + a * inner;
            dx[k] += y[k] * (dy[k] - dot);
        }
    }

    /// <summary>Log-softmax backward from the output: dx += dy − e^y·Σ_a dy. Extent: outer·inner.</summary>
    [Kernel]
    public static void LogSoftmaxBackward(Index1D i, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int axis, int inner)
    {
        int o = i / inner;
        int j = i - o * inner;
        int at = o * axis * inner + j;
        float total = 0f;
        for (int a = 0; a < axis; a++) total += dy[at + a * inner];
        for (int a = 0; a < axis; a++)
        {
            int k = at + a * inner;
            dx[k] += dy[k] - MathF.Exp(y[k]) * total;
        }
    }
}
