using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels;

/// <summary>
/// Batch normalization of a tensor viewed as (n, c, s): NCHW images with s = h·w, or (N, F) features with s = 1;
/// statistics per channel over n and s. The per-channel reductions (<see cref="BatchStats"/>,
/// <see cref="BatchGradSums"/>) are grouped kernels: one group of <see cref="GroupSize"/> threads per channel,
/// tree-reduced in shared memory, with CPU counterparts that sum each channel in double on the CPU pool.
/// </summary>
public static partial class NormKernels
{
    /// <summary>Threads per group of the per-channel reductions; a power of two.</summary>
    public const int GroupSize = 256;

    /// <summary>
    /// For channel g = group index: mean and biased variance over (n, s); saveMean[g] = mean,
    /// saveInvStd[g] = 1/√(var + eps); running statistics move towards the batch's by <paramref name="momentum"/>,
    /// the variance with the unbiased estimate (as PyTorch). Launch with one group per channel.
    /// </summary>
    [Kernel(CpuCounterpart = nameof(BatchStatsCpu))]
    public static void BatchStats(ArrayView<float> x, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> runningMean, ArrayView<float> runningVar, int n, int c, int s, float eps, float momentum)
    {
        var scratch = SharedMemory.Allocate<float>(GroupSize);
        int tid = Group.IdxX;
        int ch = Grid.IdxX;
        int count = n * s;
        float sum = 0f;
        for (int j = tid; j < count; j += GroupSize)
        {
            int b = j / s;
            sum += x[(b * c + ch) * s + (j - b * s)];
        }
        scratch[tid] = sum;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride) scratch[tid] += scratch[tid + stride];
            Group.Barrier();
        }
        float mean = scratch[0] / (float)count;
        Group.Barrier();
        float squares = 0f;
        for (int j = tid; j < count; j += GroupSize)
        {
            int b = j / s;
            float d = x[(b * c + ch) * s + (j - b * s)] - mean;
            squares += d * d;
        }
        scratch[tid] = squares;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride) scratch[tid] += scratch[tid + stride];
            Group.Barrier();
        }
        if (tid == 0)
        {
            float variance = scratch[0] / (float)count;
            saveMean[ch] = mean;
            saveInvStd[ch] = 1f / MathF.Sqrt(variance + eps);
            float unbiased = count > 1 ? scratch[0] / (float)(count - 1) : variance;
            runningMean[ch] = (1f - momentum) * runningMean[ch] + momentum * mean;
            runningVar[ch] = (1f - momentum) * runningVar[ch] + momentum * unbiased;
        }
    }

    /// <summary>CPU counterpart of <see cref="BatchStats"/>: each channel summed in double on the CPU pool.</summary>
    public static void BatchStatsCpu(ArrayView<float> x, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> runningMean, ArrayView<float> runningVar, int n, int c, int s, float eps, float momentum) =>
        CpuThreadPool.Shared.For(c, new StatsBody
        {
            X = x, SaveMean = saveMean, SaveInvStd = saveInvStd, RunningMean = runningMean, RunningVar = runningVar,
            N = n, C = c, S = s, Eps = eps, Momentum = momentum,
        });

    /// <summary>
    /// For channel g: sums[g] = Σ dy, sums[c + g] = Σ dy·x̂ with x̂ = (x − mean)·invStd; dbeta[g] += Σ dy and
    /// dgamma[g] += Σ dy·x̂. Launch with one group per channel.
    /// </summary>
    [Kernel(CpuCounterpart = nameof(BatchGradSumsCpu))]
    public static void BatchGradSums(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> sums, ArrayView<float> dgamma, ArrayView<float> dbeta, int n, int c, int s)
    {
        var scratch = SharedMemory.Allocate<float>(2 * GroupSize);
        int tid = Group.IdxX;
        int ch = Grid.IdxX;
        int count = n * s;
        float mean = saveMean[ch];
        float invStd = saveInvStd[ch];
        float sumDy = 0f;
        float sumDyXhat = 0f;
        for (int j = tid; j < count; j += GroupSize)
        {
            int b = j / s;
            int at = (b * c + ch) * s + (j - b * s);
            float g = dy[at];
            sumDy += g;
            sumDyXhat += g * (x[at] - mean) * invStd;
        }
        scratch[tid] = sumDy;
        scratch[GroupSize + tid] = sumDyXhat;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride)
            {
                scratch[tid] += scratch[tid + stride];
                scratch[GroupSize + tid] += scratch[GroupSize + tid + stride];
            }
            Group.Barrier();
        }
        if (tid == 0)
        {
            sums[ch] = scratch[0];
            sums[c + ch] = scratch[GroupSize];
            dbeta[ch] += scratch[0];
            dgamma[ch] += scratch[GroupSize];
        }
    }

    /// <summary>CPU counterpart of <see cref="BatchGradSums"/>: each channel summed in double on the CPU pool.</summary>
    public static void BatchGradSumsCpu(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> sums, ArrayView<float> dgamma, ArrayView<float> dbeta, int n, int c, int s) =>
        CpuThreadPool.Shared.For(c, new GradSumsBody
        {
            X = x, Dy = dy, SaveMean = saveMean, SaveInvStd = saveInvStd, Sums = sums, Dgamma = dgamma, Dbeta = dbeta,
            N = n, C = c, S = s,
        });

    /// <summary>y = (x − mean[g])·invStd[g]·gamma[g] + beta[g] with g the channel of element i. Extent: n·c·s.</summary>
    [Kernel]
    public static void BatchApply(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mean, ArrayView<float> invStd,
        ArrayView<float> gamma, ArrayView<float> beta, int c, int s)
    {
        int ch = (i / s) % c;
        y[i] = (x[i] - mean[ch]) * invStd[ch] * gamma[ch] + beta[ch];
    }

    /// <summary>Inference: y = (x − runningMean[g]) / √(runningVar[g] + eps)·gamma[g] + beta[g]. Extent: n·c·s.</summary>
    [Kernel]
    public static void BatchInference(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> runningMean, ArrayView<float> runningVar,
        ArrayView<float> gamma, ArrayView<float> beta, int c, int s, float eps)
    {
        int ch = (i / s) % c;
        y[i] = (x[i] - runningMean[ch]) / MathF.Sqrt(runningVar[ch] + eps) * gamma[ch] + beta[ch];
    }

    /// <summary>
    /// dx += gamma·invStd/m · (m·dy − Σdy − x̂·Σdy·x̂), m = n·s, from the sums of <see cref="BatchGradSums"/>. Extent: n·c·s.
    /// </summary>
    [Kernel]
    public static void BatchBackwardInput(Index1D i, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> gamma,
        ArrayView<float> saveMean, ArrayView<float> saveInvStd, ArrayView<float> sums, ArrayView<float> dx, int n, int c, int s)
    {
        int ch = (i / s) % c;
        float m = (float)(n * s);
        float invStd = saveInvStd[ch];
        float xhat = (x[i] - saveMean[ch]) * invStd;
        dx[i] += gamma[ch] * invStd / m * (m * dy[i] - sums[ch] - xhat * sums[c + ch]);
    }

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
                for (int b = 0; b < N; b++)
                    foreach (float v in x.Slice((b * C + ch) * S, S)) sum += v;
                long count = (long)N * S;
                double mean = sum / count;
                double squares = 0;
                for (int b = 0; b < N; b++)
                    foreach (float v in x.Slice((b * C + ch) * S, S)) squares += (v - mean) * (v - mean);
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
                double sumDy = 0, sumDyXhat = 0;
                for (int b = 0; b < N; b++)
                {
                    int at = (b * C + ch) * S;
                    for (int j = at; j < at + S; j++)
                    {
                        sumDy += dy[j];
                        sumDyXhat += dy[j] * (x[j] - mean) * invStd;
                    }
                }
                Sums[ch] = (float)sumDy;
                Sums[C + ch] = (float)sumDyXhat;
                Dbeta[ch] += (float)sumDy;
                Dgamma[ch] += (float)sumDyXhat;
            }
        }
    }
}
