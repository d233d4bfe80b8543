using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels;

// CPU counterparts of the grouped BatchNormKernels reductions, which the CPU backend runs instead of them:
// each channel summed in double on the CPU pool; the element-wise passes in SIMD rows.
public static partial class BatchNormKernels
{
    /// <summary>CPU counterpart of <see cref="BatchStats"/>: each channel summed in double on the CPU pool.</summary>
    public static void BatchStatsCpu(ArrayView<float> x, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> runningMean, ArrayView<float> runningVar, int n, int c, int s, float eps, float momentum) =>
        CpuThreadPool.Shared.For(c, new StatsBody
        {
            X = x, SaveMean = saveMean, SaveInvStd = saveInvStd, RunningMean = runningMean, RunningVar = runningVar,
            N = n, C = c, S = s, Eps = eps, Momentum = momentum,
        });

    /// <summary>CPU counterpart of <see cref="BatchGradSums"/>: each channel summed in double on the CPU pool.</summary>
    public static void BatchGradSumsCpu(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> sums, ArrayView<float> dgamma, ArrayView<float> dbeta, int n, int c, int s) =>
        CpuThreadPool.Shared.For(c, new GradSumsBody
        {
            X = x, Dy = dy, SaveMean = saveMean, SaveInvStd = saveInvStd, Sums = sums, Dgamma = dgamma, Dbeta = dbeta,
            N = n, C = c, S = s,
        });

    /// <summary>CPU counterpart of <see cref="BatchApply"/>: SIMD rows of one channel.</summary>
    public static void BatchApplyCpu(Index1D n, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mean, ArrayView<float> invStd,
        ArrayView<float> gamma, ArrayView<float> beta, int c, int s, int activation, float slope) =>
        Cpu.CpuBatchNorm.Apply(n, x, y, mean, invStd, gamma, beta, c, s, activation, slope);

    /// <summary>CPU counterpart of <see cref="BatchBackwardInput"/>: SIMD rows of one channel.</summary>
    public static void BatchBackwardInputCpu(Index1D total, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> gamma,
        ArrayView<float> saveMean, ArrayView<float> saveInvStd, ArrayView<float> sums, ArrayView<float> dx, int n, int c, int s) =>
        Cpu.CpuBatchNorm.BackwardInput(total, x, dy, gamma, saveMean, saveInvStd, sums, dx, n, c, s);

    private struct StatsBody : ICpuRangeBody
    {
        public ArrayView<float> X, SaveMean, SaveInvStd, RunningMean, RunningVar;
        public int N, C, S;
        public float Eps, Momentum;

        public void Run(int start, int end)
        {
            var x = X.AsSpan();
            for (int ch = start; ch < end; ch++)
            {
                double sum = 0;
                for (int b = 0; b < N; b++) sum += Cpu.CpuVector.Sum(x.Slice((b * C + ch) * S, S));
                long count = (long)N * S;
                double mean = sum / count;
                double squares = 0;
                for (int b = 0; b < N; b++) squares += Cpu.CpuVector.SumOfSquares(x.Slice((b * C + ch) * S, S), mean);
                double variance = squares / count;
                double unbiased = count > 1 ? squares / (count - 1) : variance;
                SaveMean[ch] = (float)mean;
                SaveInvStd[ch] = (float)(1 / Math.Sqrt(variance + Eps));
                RunningMean[ch] = (1f - Momentum) * RunningMean[ch] + Momentum * (float)mean;
                RunningVar[ch] = (1f - Momentum) * RunningVar[ch] + Momentum * (float)unbiased;
            }
        }
    }

    private struct GradSumsBody : ICpuRangeBody
    {
        public ArrayView<float> X, Dy, SaveMean, SaveInvStd, Sums, Dgamma, Dbeta;
        public int N, C, S;

        public void Run(int start, int end)
        {
            var x = X.AsSpan();
            var dy = Dy.AsSpan();
            for (int ch = start; ch < end; ch++)
            {
                double mean = SaveMean[ch], invStd = SaveInvStd[ch];
                double sumDy = 0, sumDyD = 0, sumD = 0;
                for (int b = 0; b < N; b++)
                {
                    int at = (b * C + ch) * S;
                    for (int j = at; j < at + S; j++)
                    {
                        double d = x[j] - mean;
                        sumDy += dy[j];
                        sumDyD += dy[j] * d;
                        sumD += d;
                    }
                }
                // as the kernel: take out the float rounding of the saved mean (see BatchGradSums' remarks)
                double sumDyXhat = (sumDyD - sumD / ((long)N * S) * sumDy) * invStd;
                Sums[ch] = (float)sumDy;
                Sums[C + ch] = (float)sumDyXhat;
                Dbeta[ch] += (float)sumDy;
                Dgamma[ch] += (float)sumDyXhat;
            }
        }
    }
}
