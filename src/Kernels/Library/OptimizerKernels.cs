namespace KernelGen.Kernels;

/// <summary>
/// Optimizer steps as index kernels over one flat parameter buffer: parameters, gradients and optimizer state
/// are views of the same length, element i of each belonging to the same scalar weight. <see cref="OptimizerSteps"/>
/// launches them.
/// </summary>
public static partial class OptimizerKernels
{
    /// <summary>Added to the global gradient norm before dividing, as PyTorch's <c>clip_grad_norm_</c>.</summary>
    public const float ClipNormEpsilon = 1e-6f;

    /// <summary>
    /// SGD (PyTorch's form, dampening 0): d = g + wd·p; with momentum, buf = momentum·buf + d and
    /// d = nesterov ? d + momentum·buf : buf; p −= lr·d.
    /// </summary>
    [Kernel]
    public static void Sgd(Index1D i, ArrayView<float> p, ArrayView<float> g, ArrayView<float> buf, float lr, float momentum,
        float weightDecay, int nesterov)
    {
        float pv = p[i];
        float d = g[i] + weightDecay * pv;
        if (momentum != 0f)
        {
            float b = momentum * buf[i] + d;
            buf[i] = b;
            d = nesterov != 0 ? d + momentum * b : b;
        }
        p[i] = pv - lr * d;
    }

    /// <summary>counter[0] += 1: the step counter advances on the device, so a captured step replays.</summary>
    [Kernel]
    public static void Increment(Index1D i, ArrayView<int> counter)
    {
        counter[i] += 1;
    }

    /// <summary>
    /// Once per Adam step (one thread): state = [t, bits of rate / (1 − β1^t), bits of 1 / √(1 − β2^t), bits of rate]
    /// gets t advanced, the step's rate computed from the base rate <paramref name="lr"/> by the schedule at step t − 1,
    /// and both bias corrections, so the per-element update does no powers; all on the device, so every step passes
    /// the same arguments and a captured step replays.
    /// </summary>
    [Kernel]
    public static void AdamPrepare(Index1D i, ArrayView<int> state, float lr, float beta1, float beta2, RateSchedule schedule)
    {
        int t = state[0] + 1;
        state[0] = t;
        int step = t - 1;
        float rate = lr;
        if (schedule.Kind == 1) rate = lr * MathF.Pow(schedule.Gamma, (float)(step / schedule.StepSize));
        else if (schedule.Kind == 2) rate = lr * MathF.Pow(schedule.Gamma, (float)step);
        else if (schedule.Kind == 3)
        {
            int done = step < schedule.Period ? step : schedule.Period;
            rate = schedule.MinRate + (lr - schedule.MinRate) * (1f + MathF.Cos(Pi * (float)done / (float)schedule.Period)) / 2f;
        }
        float bc1 = 1f - MathF.Pow(beta1, (float)t);
        float bc2 = 1f - MathF.Pow(beta2, (float)t);
        state[1] = (int)KernelMath.AsUInt(rate / bc1);
        state[2] = (int)KernelMath.AsUInt(1f / MathF.Sqrt(bc2));
        state[3] = (int)KernelMath.AsUInt(rate);
    }

    private const float Pi = 3.14159274f; // MathF.PI

    /// <summary>
    /// Adam / AdamW (PyTorch's form) after <see cref="AdamPrepare"/>: with decoupled ≠ 0, p ·= 1 − lr·wd (AdamW), else
    /// g += wd·p (Adam's L2); m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; p −= lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + eps).
    /// </summary>
    [Kernel(CpuCounterpart = "AdamCpu")]
    public static void Adam(Index1D i, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v,
        ArrayView<int> state, float beta1, float beta2, float eps, float weightDecay, int decoupled)
    {
        float stepSize = KernelMath.AsFloat((uint)state[1]);
        float invRootBc2 = KernelMath.AsFloat((uint)state[2]);
        float pv = p[i];
        float gv = g[i];
        if (decoupled != 0) pv = pv * (1f - KernelMath.AsFloat((uint)state[3]) * weightDecay);
        else gv = gv + weightDecay * pv;
        float mv = beta1 * m[i] + (1f - beta1) * gv;
        float vv = beta2 * v[i] + (1f - beta2) * gv * gv;
        m[i] = mv;
        v[i] = vv;
        p[i] = pv - stepSize * mv / (MathF.Sqrt(vv) * invRootBc2 + eps);
    }

    /// <summary>p = clamp(p, −c, c) (WGAN weight clipping).</summary>
    [Kernel]
    public static void ClipWeights(Index1D i, ArrayView<float> p, float c)
    {
        p[i] = MathF.Min(MathF.Max(p[i], -c), c);
    }

    /// <summary>a += (1 − decay)·(p − a): one step of an exponential moving average of the parameters.</summary>
    [Kernel]
    public static void AverageParameters(Index1D i, ArrayView<float> average, ArrayView<float> p, float decay)
    {
        float a = average[i];
        average[i] = a + (1f - decay) * (p[i] - a);
    }

    /// <summary>x[i] = √x[i] (launched over the 1-element norm).</summary>
    [Kernel]
    public static void SqrtInPlace(Index1D i, ArrayView<float> x)
    {
        x[i] = MathF.Sqrt(x[i]);
    }

    /// <summary>g[i] ·= min(maxNorm / (norm[0] + 1e-6), 1): the norm is read on the device.</summary>
    [Kernel]
    public static void ScaleToNorm(Index1D i, ArrayView<float> g, ArrayView<float> norm, float maxNorm)
    {
        float coef = maxNorm / (norm[0] + ClipNormEpsilon);
        if (coef < 1f) g[i] = g[i] * coef;
    }
}
