using System.Numerics.Tensors;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// Vectorized CPU counterparts of element-wise kernels whose scalar form is dominated by exp/log: blocks of 1,024
/// elements per step through TensorPrimitives (SIMD exp, log, sigmoid, tanh), split across the CPU pool.
/// </summary>
internal static class CpuPointwise
{
    private const int Block = 1024;

    public static void Sigmoid(int n, ArrayView<float> x, ArrayView<float> y) =>
        CpuThreadPool.Shared.For(n, new Unary { X = x, Y = y, Tanh = false }, CpuLaunch.Grain);

    public static void Tanh(int n, ArrayView<float> x, ArrayView<float> y) =>
        CpuThreadPool.Shared.For(n, new Unary { X = x, Y = y, Tanh = true }, CpuLaunch.Grain);

    /// <summary>terms = scale·(max(x, 0) − x·t + log(1 + e^−|x|)).</summary>
    public static void BceLogitsTerms(int n, ArrayView<float> x, ArrayView<float> t, ArrayView<float> terms, float scale) =>
        CpuThreadPool.Shared.For(n, new Terms { X = x, T = t, Out = terms, Scale = scale }, CpuLaunch.Grain);

    /// <summary>dx += coef·(σ(x) − t).</summary>
    public static void BceLogitsGrad(int n, ArrayView<float> x, ArrayView<float> t, ArrayView<float> dx, float coef) =>
        CpuThreadPool.Shared.For(n, new Grad { X = x, T = t, Dx = dx, Coef = coef }, CpuLaunch.Grain);

    private struct Unary : ICpuRangeBody
    {
        public ArrayView<float> X, Y;
        public bool Tanh;

        public void Run(int start, int end)
        {
            var x = X.AsSpan()[start..end];
            var y = Y.AsSpan()[start..end];
            if (Tanh) TensorPrimitives.Tanh(x, y);
            else TensorPrimitives.Sigmoid(x, y);
        }
    }

    private struct Terms : ICpuRangeBody
    {
        public ArrayView<float> X, T, Out;
        public float Scale;

        public void Run(int start, int end)
        {
            Span<float> tmp = stackalloc float[Block];
            for (int s = start; s < end; s += Block)
            {
                int n = Math.Min(Block, end - s);
                var x = X.AsSpan().Slice(s, n);
                var t = T.AsSpan().Slice(s, n);
                var o = Out.AsSpan().Slice(s, n);
                var e = tmp[..n];
                TensorPrimitives.Abs(x, e);
                TensorPrimitives.Negate(e, e);
                TensorPrimitives.Exp(e, e);
                TensorPrimitives.Add(e, 1f, e);
                TensorPrimitives.Log(e, e);              // log(1 + e^−|x|); for |x| > 17 this is 0 instead of < 4e-8
                TensorPrimitives.Max(x, 0f, o);
                TensorPrimitives.Add(o, e, o);
                TensorPrimitives.Multiply(x, t, e);
                TensorPrimitives.Subtract(o, e, o);
                TensorPrimitives.Multiply(o, Scale, o);
            }
        }
    }

    private struct Grad : ICpuRangeBody
    {
        public ArrayView<float> X, T, Dx;
        public float Coef;

        public void Run(int start, int end)
        {
            Span<float> tmp = stackalloc float[Block];
            for (int s = start; s < end; s += Block)
            {
                int n = Math.Min(Block, end - s);
                var x = X.AsSpan().Slice(s, n);
                var dx = Dx.AsSpan().Slice(s, n);
                var p = tmp[..n];
                TensorPrimitives.Sigmoid(x, p);
                TensorPrimitives.Subtract(p, T.AsSpan().Slice(s, n), p);
                TensorPrimitives.MultiplyAdd(p, Coef, dx, dx);
            }
        }
    }
}
