namespace KernelGen.Kernels;

/// <summary>
/// Batch normalization of a tensor viewed as (n, c, s): NCHW images with s = h·w, or (N, F) features with s = 1;
/// statistics per channel over n and s. The per-channel reductions (<see cref="BatchStats"/>,
/// <see cref="BatchGradSums"/>) are grouped kernels: one group of <see cref="GroupSize"/> threads per channel,
/// tree-reduced in shared memory with compensated float sums (<see cref="CompensatedSum"/>), with CPU counterparts
/// that sum each channel in double on the CPU pool. Either way a channel far from zero (mean 1000, std 0.5) keeps
/// its statistics and gradients within PyTorch float32's error.
/// </summary>
public static partial class BatchNormKernels
{
    /// <summary>Threads per group of the per-channel reductions; a power of two.</summary>
    public const int GroupSize = 256;

    /// <summary>
    /// For channel g = group index: mean and biased variance over (n, s) (two passes, each a compensated sum);
    /// saveMean[g] = mean, saveInvStd[g] = 1/√(var + eps); running statistics move towards the batch's by
    /// <paramref name="momentum"/>, the variance with the unbiased estimate (as PyTorch). Launch with one group per channel.
    /// </summary>
    [Kernel(CpuCounterpart = "BatchStatsCpu")]
    public static void BatchStats(ArrayView<float> x, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> runningMean, ArrayView<float> runningVar, int n, int c, int s, float eps, float momentum)
    {
        var sums = SharedMemory.Allocate<float>(GroupSize);
        var errors = SharedMemory.Allocate<float>(GroupSize);
        int tid = Group.IdxX;
        int ch = Grid.IdxX;
        int count = n * s;
        float sum = 0f;
        float error = 0f;
        for (int j = tid; j < count; j += GroupSize)
        {
            int b = j / s;
            float v = x[(b * c + ch) * s + (j - b * s)];
            float t = sum + v;
            error += CompensatedSum.RoundingError(sum, v, t);
            sum = t;
        }
        sums[tid] = sum;
        errors[tid] = error;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride)
            {
                float left = sums[tid];
                float right = sums[tid + stride];
                float t = left + right;
                errors[tid] += errors[tid + stride] + CompensatedSum.RoundingError(left, right, t);
                sums[tid] = t;
            }
            Group.Barrier();
        }
        float mean = (sums[0] + errors[0]) / (float)count;
        Group.Barrier();
        sum = 0f;
        error = 0f;
        for (int j = tid; j < count; j += GroupSize)
        {
            int b = j / s;
            float d = x[(b * c + ch) * s + (j - b * s)] - mean;
            float v = d * d;
            float t = sum + v;
            error += CompensatedSum.RoundingError(sum, v, t);
            sum = t;
        }
        sums[tid] = sum;
        errors[tid] = error;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride)
            {
                float left = sums[tid];
                float right = sums[tid + stride];
                float t = left + right;
                errors[tid] += errors[tid + stride] + CompensatedSum.RoundingError(left, right, t);
                sums[tid] = t;
            }
            Group.Barrier();
        }
        if (tid == 0)
        {
            float squares = sums[0] + errors[0];
            float variance = squares / (float)count;
            saveMean[ch] = mean;
            saveInvStd[ch] = 1f / MathF.Sqrt(variance + eps);
            float unbiased = count > 1 ? squares / (float)(count - 1) : variance;
            runningMean[ch] = (1f - momentum) * runningMean[ch] + momentum * mean;
            runningVar[ch] = (1f - momentum) * runningVar[ch] + momentum * unbiased;
        }
    }

    /// <summary>
    /// For channel g: sums[g] = Σ dy, sums[c + g] = Σ dy·x̂ with x̂ = (x − mean)·invStd; dbeta[g] += Σ dy and
    /// dgamma[g] += Σ dy·x̂. Launch with one group per channel.
    /// </summary>
    /// <remarks>
    /// saveMean holds the batch mean rounded to float, off by up to half an ulp (3e-5 at 1000); that shifts every x̂ by
    /// as much times invStd, and Σ dy·x̂ by that times Σ dy. So the kernel also sums x − saveMean, whose mean r is the
    /// rounding, and uses Σ dy·(x − saveMean − r) = Σ dy·(x − saveMean) − r·Σ dy.
    /// </remarks>
    [Kernel(CpuCounterpart = "BatchGradSumsCpu")]
    public static void BatchGradSums(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> sums, ArrayView<float> dgamma, ArrayView<float> dbeta, int n, int c, int s)
    {
        // three compensated sums per thread, side by side: [0] Σ dy, [1] Σ dy·(x − mean), [2] Σ (x − mean)
        var partial = SharedMemory.Allocate<float>(3 * GroupSize);
        var errors = SharedMemory.Allocate<float>(3 * GroupSize);
        int tid = Group.IdxX;
        int ch = Grid.IdxX;
        int count = n * s;
        float mean = saveMean[ch];
        float sumDy = 0f, errorDy = 0f;
        float sumDyD = 0f, errorDyD = 0f;
        float sumD = 0f, errorD = 0f;
        for (int j = tid; j < count; j += GroupSize)
        {
            int b = j / s;
            int at = (b * c + ch) * s + (j - b * s);
            float g = dy[at];
            float d = x[at] - mean;
            float gd = g * d;
            float t = sumDy + g;
            errorDy += CompensatedSum.RoundingError(sumDy, g, t);
            sumDy = t;
            t = sumDyD + gd;
            errorDyD += CompensatedSum.RoundingError(sumDyD, gd, t);
            sumDyD = t;
            t = sumD + d;
            errorD += CompensatedSum.RoundingError(sumD, d, t);
            sumD = t;
        }
        partial[tid] = sumDy;
        partial[GroupSize + tid] = sumDyD;
        partial[2 * GroupSize + tid] = sumD;
        errors[tid] = errorDy;
        errors[GroupSize + tid] = errorDyD;
        errors[2 * GroupSize + tid] = errorD;
        Group.Barrier();
        for (int stride = GroupSize / 2; stride > 0; stride >>= 1)
        {
            if (tid < stride)
            {
                for (int q = 0; q < 3; q++)
                {
                    int at = q * GroupSize + tid;
                    float left = partial[at];
                    float right = partial[at + stride];
                    float t = left + right;
                    errors[at] += errors[at + stride] + CompensatedSum.RoundingError(left, right, t);
                    partial[at] = t;
                }
            }
            Group.Barrier();
        }
        if (tid == 0)
        {
            float totalDy = partial[0] + errors[0];
            float totalDyD = partial[GroupSize] + errors[GroupSize];
            float meanRounding = (partial[2 * GroupSize] + errors[2 * GroupSize]) / (float)count;
            float sumDyXhat = (totalDyD - meanRounding * totalDy) * saveInvStd[ch];
            sums[ch] = totalDy;
            sums[c + ch] = sumDyXhat;
            dbeta[ch] += totalDy;
            dgamma[ch] += sumDyXhat;
        }
    }

    /// <summary>
    /// y = act((x − mean[g])·invStd[g]·gamma[g] + beta[g]) with g the channel of element i and act the fused activation
    /// (<see cref="GemmKernels.Activate"/>: 0 none, 1 ReLU, 2 LeakyReLU of <paramref name="slope"/>). Extent: n·c·s.
    /// </summary>
    [Kernel(CpuCounterpart = "BatchApplyCpu")]
    public static void BatchApply(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mean, ArrayView<float> invStd,
        ArrayView<float> gamma, ArrayView<float> beta, int c, int s, int activation, float slope)
    {
        int ch = (i / s) % c;
        y[i] = GemmKernels.Activate((x[i] - mean[ch]) * invStd[ch] * gamma[ch] + beta[ch], activation, slope);
    }

    /// <summary>Inference: y = act((x − runningMean[g]) / √(runningVar[g] + eps)·gamma[g] + beta[g]), act as in <see cref="BatchApply"/>. Extent: n·c·s.</summary>
    [Kernel]
    public static void BatchInference(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> runningMean, ArrayView<float> runningVar,
        ArrayView<float> gamma, ArrayView<float> beta, int c, int s, float eps, int activation, float slope)
    {
        int ch = (i / s) % c;
        y[i] = GemmKernels.Activate((x[i] - runningMean[ch]) / MathF.Sqrt(runningVar[ch] + eps) * gamma[ch] + beta[ch], activation, slope);
    }

    /// <summary>
    /// dx += gamma·invStd/m · (m·dy − Σdy − x̂·Σdy·x̂), m = n·s, from the sums of <see cref="BatchGradSums"/>. Extent: n·c·s.
    /// </summary>
    [Kernel(CpuCounterpart = "BatchBackwardInputCpu")]
    public static void BatchBackwardInput(Index1D i, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> gamma,
        ArrayView<float> saveMean, ArrayView<float> saveInvStd, ArrayView<float> sums, ArrayView<float> dx, int n, int c, int s)
    {
        int ch = (i / s) % c;
        float m = (float)(n * s);
        float invStd = saveInvStd[ch];
        float xhat = (x[i] - saveMean[ch]) * invStd;
        dx[i] += gamma[ch] * invStd / m * (m * dy[i] - sums[ch] - xhat * sums[c + ch]);
    }
}
