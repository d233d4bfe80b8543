namespace KernelGen.Kernels;

/// <summary>
/// Regularisation penalties on hidden activations (sparse and contractive autoencoders), in the same
/// terms-then-<see cref="Reduce.Sum"/> form as <see cref="LossKernels"/>. <see cref="Loss"/> launches them.
/// </summary>
public static partial class PenaltyKernels
{
    /// <summary>Lower and upper clamp of the mean activation ρ̂ in the sparsity penalty, so its logs stay finite.</summary>
    public const float RhoHatEpsilon = 1e-6f;

    /// <summary>terms[i] = scale·|h|.</summary>
    [Kernel]
    public static void L1Terms(Index1D i, ArrayView<float> h, ArrayView<float> terms, float scale)
    {
        terms[i] = scale * MathF.Abs(h[i]);
    }

    /// <summary>dh[i] += c·sign(h) (0 at h = 0); c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.</summary>
    [Kernel]
    public static void L1Grad(Index1D i, ArrayView<float> h, ArrayView<float> dh, float coef, ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        float v = h[i];
        dh[i] += v > 0f ? c : v < 0f ? -c : 0f;
    }

    /// <summary>
    /// Column j of h (N, H): rhoHat[j] = clamp(mean_n h[n, j], ε, 1 − ε);
    /// terms[j] = scale·(ρ log(ρ/ρ̂) + (1 − ρ) log((1 − ρ)/(1 − ρ̂))).
    /// </summary>
    [Kernel]
    public static void SparsityColumns(Index1D j, ArrayView<float> h, ArrayView<float> rhoHat, ArrayView<float> terms,
        int batch, int hidden, float rho, float scale)
    {
        float s = 0f;
        for (int n = 0; n < batch; n++) s += h[n * hidden + j];
        float r = MathF.Min(MathF.Max(s / batch, RhoHatEpsilon), 1f - RhoHatEpsilon);
        rhoHat[j] = r;
        terms[j] = scale * (rho * MathF.Log(rho / r) + (1f - rho) * MathF.Log((1f - rho) / (1f - r)));
    }

    /// <summary>
    /// dh[n, j] += c·(−ρ/ρ̂_j + (1 − ρ)/(1 − ρ̂_j)); coef includes the 1/N of ρ̂'s mean;
    /// c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.
    /// </summary>
    [Kernel]
    public static void SparsityGrad(Index1D i, ArrayView<float> rhoHat, ArrayView<float> dh, int hidden, float rho, float coef,
        ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        float r = rhoHat[i % hidden];
        dh[i] += c * ((1f - rho) / (1f - r) - rho / r);
    }

    /// <summary>
    /// Hidden unit j: wNorm[j] = Σ_i W[j, i]²; act[j] = Σ_n (h[n, j](1 − h[n, j]))²; terms[j] = scale·act[j]·wNorm[j].
    /// </summary>
    [Kernel]
    public static void ContractiveColumns(Index1D j, ArrayView<float> h, ArrayView<float> w, ArrayView<float> wNorm,
        ArrayView<float> act, ArrayView<float> terms, int batch, int hidden, int inputs, float scale)
    {
        float wn = 0f;
        for (int i = 0; i < inputs; i++)
        {
            float v = w[j * inputs + i];
            wn += v * v;
        }
        float a = 0f;
        for (int n = 0; n < batch; n++)
        {
            float hv = h[n * hidden + j];
            float d = hv * (1f - hv);
            a += d * d;
        }
        wNorm[j] = wn;
        act[j] = a;
        terms[j] = scale * a * wn;
    }

    /// <summary>
    /// dh[n, j] += c·2h(1 − h)(1 − 2h)·wNorm[j] (the derivative through the sigmoid output h);
    /// c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.
    /// </summary>
    [Kernel]
    public static void ContractiveGradH(Index1D i, ArrayView<float> h, ArrayView<float> wNorm, ArrayView<float> dh, int hidden, float coef,
        ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        float hv = h[i];
        dh[i] += c * 2f * hv * (1f - hv) * (1f - 2f * hv) * wNorm[i % hidden];
    }

    /// <summary>dW[j, i] += c·2·act[j]·W[j, i]; c = coef·gradOutput[0] when hasGradOutput ≠ 0, else coef.</summary>
    [Kernel]
    public static void ContractiveGradW(Index1D i, ArrayView<float> w, ArrayView<float> act, ArrayView<float> dw, int inputs, float coef,
        ArrayView<float> gradOutput, int hasGradOutput)
    {
        float c = hasGradOutput != 0 ? coef * gradOutput[0] : coef;
        dw[i] += c * 2f * act[i / inputs] * w[i];
    }
}
