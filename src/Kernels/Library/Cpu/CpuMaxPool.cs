using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// Max pooling on the CPU pool, one image plane per task: the forward walks each window without an index division
/// per output; the backward scatters each output's gradient to its argmax in a plane-sized accumulator and adds it to
/// dx once, which sums every input's windows in the kernel's (row, column) order, so the bits are the kernel's.
/// </summary>
internal static unsafe class CpuMaxPool
{
    /// <summary>Accumulator elements per thread; planes larger than this take the kernel's own per-input path.</summary>
    private const int MaxPlane = 16384;

    public static void Forward(int outputs, ArrayView<float> x, ArrayView<float> y, ArrayView<int> argmax, int h, int w, int oh, int ow,
        int kernel, int stride, int padding) =>
        CpuThreadPool.Shared.For(outputs / (oh * ow), new ForwardBody
        {
            X = x, Y = y, Argmax = argmax, H = h, W = w, Oh = oh, Ow = ow, Kernel = kernel, Stride = stride, Padding = padding,
        }, Grain(oh * ow));

    public static void Backward(int inputs, ArrayView<float> dy, ArrayView<int> argmax, ArrayView<float> dx, int h, int w, int oh, int ow,
        int kernel, int stride, int padding)
    {
        var body = new BackwardBody
        {
            Dy = dy, Argmax = argmax, Dx = dx, H = h, W = w, Oh = oh, Ow = ow, Kernel = kernel, Stride = stride, Padding = padding,
        };
        CpuThreadPool.Shared.For(inputs / (h * w), body, Grain(h * w));
    }

    private static int Grain(int plane) => Math.Max(1, CpuLaunch.Grain / Math.Max(1, plane));

    private struct ForwardBody : ICpuRangeBody
    {
        public ArrayView<float> X, Y;
        public ArrayView<int> Argmax;
        public int H, W, Oh, Ow, Kernel, Stride, Padding;

        public readonly void Run(int start, int end)
        {
            var x = X.AsSpan();
            var y = Y.AsSpan();
            var argmax = Argmax.AsSpan();
            for (int plane = start; plane < end; plane++)
            {
                var src = x.Slice(plane * H * W, H * W);
                int o = plane * Oh * Ow;
                for (int oy = 0; oy < Oh; oy++)
                {
                    int y0 = oy * Stride - Padding, y1 = Math.Min(y0 + Kernel, H);
                    y0 = Math.Max(y0, 0);
                    for (int ox = 0; ox < Ow; ox++, o++)
                    {
                        int x0 = ox * Stride - Padding, x1 = Math.Min(x0 + Kernel, W);
                        x0 = Math.Max(x0, 0);
                        float best = float.NegativeInfinity;
                        int bestIndex = y0 * W + x0;
                        for (int r = y0; r < y1; r++)
                            for (int c = x0; c < x1; c++)
                            {
                                float v = src[r * W + c];
                                if (v > best || float.IsNaN(v))
                                {
                                    best = v;
                                    bestIndex = r * W + c;
                                }
                            }
                        y[o] = best;
                        argmax[o] = bestIndex;
                    }
                }
            }
        }
    }

    private struct BackwardBody : ICpuRangeBody
    {
        public ArrayView<float> Dy, Dx;
        public ArrayView<int> Argmax;
        public int H, W, Oh, Ow, Kernel, Stride, Padding;

        public readonly void Run(int start, int end)
        {
            int plane = H * W, outputs = Oh * Ow;
            if (plane > MaxPlane)
            {
                for (int i = start * plane; i < end * plane; i++)
                    PoolKernels.MaxPool2DBackward(new Index1D(i), Dy, Argmax, Dx, H, W, Oh, Ow, Kernel, Stride, Padding);
                return;
            }
            Span<float> sums = stackalloc float[plane];
            var dy = Dy.AsSpan();
            var argmax = Argmax.AsSpan();
            var dx = Dx.AsSpan();
            for (int p = start; p < end; p++)
            {
                sums.Clear();
                int o0 = p * outputs;
                for (int o = o0; o < o0 + outputs; o++) sums[argmax[o]] += dy[o];
                var target = dx.Slice(p * plane, plane);
                for (int i = 0; i < plane; i++) target[i] += sums[i];
            }
        }
    }
}
