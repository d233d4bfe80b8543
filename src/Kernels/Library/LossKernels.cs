namespace KernelGen.Kernels;

/// <summary>
/// Loss kernels. Each loss is a <c>…Terms</c> kernel that writes one already-scaled term per element (or row)
/// into scratch, summed by <see cref="Reduce.Sum"/> into the scalar loss, and a <c>…Grad</c> kernel that
/// accumulates <c>coef·∂term/∂input</c> into the gradient, times the loss's upstream gradient <c>gradOutput[0]</c>
/// (a device scalar) when <c>hasGradOutput</c> ≠ 0; without one, any non-empty view stands in for it (the
/// optional-bias pattern of <see cref="Blas"/>). <see cref="Loss"/> launches them.
/// </summary>
public static partial class LossKernels
{
    /// <summary>PyTorch's lower clamp of log(p) and log(1 − p) in binary cross-entropy.</summary>
    public const float LogClamp = -100f;

    /// <summary>PyTorch's lower clamp of p(1 − p) in the binary cross-entropy gradient.</summary>
    public const float BceGradEpsilon = 1e-12f;

    /// <summary>terms[i] = scale·(x − t)².</summary>
    [Kernel]
    public static void MseTerms(Index1D i, ArrayView<float> x, ArrayView<float> t, ArrayView<float> terms, float scale)
    {
        float d = x[i] - t[i];
        terms[i] = scale * d * d;
    }

    /// <summary>dx[i] += c·2(x − t), c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.</summary>
    [Kernel]
    public static void MseGrad(Index1D i, ArrayView<float> x, ArrayView<float> t, ArrayView<float> dx, float coef,
        ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        dx[i] += c * 2f * (x[i] - t[i]);
    }

    /// <summary>terms[i] = −scale·(t·max(log p, −100) + (1 − t)·max(log(1 − p), −100)).</summary>
    [Kernel]
    public static void BceTerms(Index1D i, ArrayView<float> p, ArrayView<float> t, ArrayView<float> terms, float scale)
    {
        float pv = p[i];
        float tv = t[i];
        float logP = MathF.Max(MathF.Log(pv), LogClamp);
        float log1mP = MathF.Max(float.LogP1(-pv), LogClamp);
        terms[i] = -scale * (tv * logP + (1f - tv) * log1mP);
    }

    /// <summary>
    /// dx[i] += c·(p − t) / max(p(1 − p), 1e-12), PyTorch's form (finite at p = 0 and 1);
    /// c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.
    /// </summary>
    [Kernel]
    public static void BceGrad(Index1D i, ArrayView<float> p, ArrayView<float> t, ArrayView<float> dx, float coef,
        ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        float pv = p[i];
        dx[i] += c * (pv - t[i]) / MathF.Max((1f - pv) * pv, BceGradEpsilon);
    }

    /// <summary>terms[i] = scale·(max(x, 0) − x·t + log(1 + e^−|x|)): stable for any logit.</summary>
    [Kernel(CpuCounterpart = "BceLogitsTermsCpu")]
    public static void BceLogitsTerms(Index1D i, ArrayView<float> x, ArrayView<float> t, ArrayView<float> terms, float scale)
    {
        float v = x[i];
        terms[i] = scale * (MathF.Max(v, 0f) - v * t[i] + float.LogP1(MathF.Exp(-MathF.Abs(v))));
    }

    /// <summary>dx[i] += c·(σ(x) − t), c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.</summary>
    [Kernel(CpuCounterpart = "BceLogitsGradCpu")]
    public static void BceLogitsGrad(Index1D i, ArrayView<float> x, ArrayView<float> t, ArrayView<float> dx, float coef,
        ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        dx[i] += c * (Sigmoid(x[i]) - t[i]);
    }

    /// <summary>
    /// Row i of logits (N, C): lse[i] = log Σ_j e^x_ij (max-shifted); terms[i] = scale·(lse − x[i, label]).
    /// A label outside [0, C) makes the term NaN and sets status[0] = i + 1.
    /// </summary>
    [Kernel]
    public static void CrossEntropyRows(Index1D i, ArrayView<float> logits, ArrayView<int> labels, ArrayView<float> terms,
        ArrayView<float> lse, ArrayView<int> status, int classes, float scale)
    {
        int row = i * classes;
        float m = logits[row];
        for (int j = 1; j < classes; j++) m = MathF.Max(m, logits[row + j]);
        float s = 0f;
        for (int j = 0; j < classes; j++) s += MathF.Exp(logits[row + j] - m);
        float l = m + MathF.Log(s);
        lse[i] = l;
        int label = labels[i];
        if (label < 0 || label >= classes)
        {
            terms[i] = KernelMath.AsFloat(0x7FC00000u);
            status[0] = i + 1;
        }
        else
        {
            terms[i] = scale * (l - logits[row + label]);
        }
    }

    /// <summary>
    /// dx[n, j] += c·(softmax(x_n)_j − [j = label_n]), with the row's log-sum-exp from <see cref="CrossEntropyRows"/>;
    /// c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.
    /// </summary>
    [Kernel]
    public static void CrossEntropyGrad(Index1D i, ArrayView<float> logits, ArrayView<int> labels, ArrayView<float> lse,
        ArrayView<float> dx, int classes, float coef, ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        int n = i / classes;
        int j = i - n * classes;
        float p = MathF.Exp(logits[i] - lse[n]);
        dx[i] += c * (j == labels[n] ? p - 1f : p);
    }

    /// <summary>terms[i] = −½·scale·(1 + logvar − μ² − e^logvar).</summary>
    [Kernel]
    public static void GaussianKlTerms(Index1D i, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> terms, float scale)
    {
        float m = mu[i];
        float lv = logvar[i];
        terms[i] = -0.5f * scale * (1f + lv - m * m - MathF.Exp(lv));
    }

    /// <summary>dμ[i] += c·μ; dlogvar[i] += c·½(e^logvar − 1); c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.</summary>
    [Kernel]
    public static void GaussianKlGrad(Index1D i, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> dmu,
        ArrayView<float> dlogvar, float coef, ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        dmu[i] += c * mu[i];
        dlogvar[i] += c * 0.5f * (MathF.Exp(logvar[i]) - 1f);
    }

    /// <summary>1 / (1 + e^-x) using e^-|x| only.</summary>
    [KernelFunction]
    public static float Sigmoid(float x)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }
}
