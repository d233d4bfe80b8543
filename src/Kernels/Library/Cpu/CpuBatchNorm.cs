using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// The element-wise batch-norm passes on the CPU pool: one (image, channel) row of S elements at a time, in SIMD
/// lanes, with the channel's constants read once per row instead of an index division per element.
/// </summary>
internal static class CpuBatchNorm
{
    /// <summary>y = act((x − mean[c])·invStd[c]·gamma[c] + beta[c]) over <paramref name="total"/> = n·c·s elements.</summary>
    public static void Apply(int total, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mean, ArrayView<float> invStd,
        ArrayView<float> gamma, ArrayView<float> beta, int c, int s, int activation, float slope) =>
        CpuThreadPool.Shared.For(total / s, new ApplyBody
        {
            X = x, Y = y, Mean = mean, InvStd = invStd, Gamma = gamma, Beta = beta, C = c, S = s, Activation = activation, Slope = slope,
        }, Grain(s));

    /// <summary>dx += gamma·invStd/m·(m·dy − Σdy − x̂·Σdy·x̂) over <paramref name="total"/> = n·c·s elements.</summary>
    public static void BackwardInput(int total, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> gamma, ArrayView<float> saveMean,
        ArrayView<float> saveInvStd, ArrayView<float> sums, ArrayView<float> dx, int n, int c, int s) =>
        CpuThreadPool.Shared.For(total / s, new BackwardBody
        {
            X = x, Dy = dy, Gamma = gamma, Mean = saveMean, InvStd = saveInvStd, Sums = sums, Dx = dx, M = (float)(n * s), C = c, S = s,
        }, Grain(s));

    private static int Grain(int s) => Math.Max(1, CpuLaunch.Grain / Math.Max(1, s));

    private struct ApplyBody : ICpuRangeBody
    {
        public ArrayView<float> X, Y, Mean, InvStd, Gamma, Beta;
        public int C, S, Activation;
        public float Slope;

        public readonly void Run(int start, int end)
        {
            var x = X.AsSpan();
            var y = Y.AsSpan();
            for (int row = start; row < end; row++)
            {
                int ch = row % C;
                CpuVector.Normalize(x.Slice(row * S, S), y.Slice(row * S, S), Mean[ch], InvStd[ch], Gamma[ch], Beta[ch], Activation, Slope);
            }
        }
    }

    private struct BackwardBody : ICpuRangeBody
    {
        public ArrayView<float> X, Dy, Gamma, Mean, InvStd, Sums, Dx;
        public float M;
        public int C, S;

        public readonly void Run(int start, int end)
        {
            var x = X.AsSpan();
            var dy = Dy.AsSpan();
            var dx = Dx.AsSpan();
            for (int row = start; row < end; row++)
            {
                int ch = row % C;
                float invStd = InvStd[ch];
                CpuVector.NormalizeBackward(x.Slice(row * S, S), dy.Slice(row * S, S), dx.Slice(row * S, S), Gamma[ch] * invStd / M, M,
                    Mean[ch], invStd, Sums[ch], Sums[C + ch]);
            }
        }
    }
}
