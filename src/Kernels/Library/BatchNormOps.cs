namespace KernelGen.Kernels;

/// <summary>
/// Host-side batch normalization of a tensor viewed as (n, c, s): NCHW images with s = h·w, or (N, F) features with
/// c = F and s = 1. Per-channel views (gamma, beta, running and saved statistics, their gradients) hold c elements.
/// PyTorch's conventions: biased batch variance to normalize, unbiased variance into the running estimate, running
/// = (1 − momentum)·running + momentum·batch, defaults momentum 0.1 and eps 1e-5.
/// </summary>
public static class BatchNormOps
{
    /// <summary>Elements of scratch space <see cref="BatchNormBackward"/> needs for <paramref name="c"/> channels.</summary>
    public static int BatchNormScratchLength(int c) => 2 * c;

    /// <summary>
    /// Training mode: normalizes with the batch statistics, saves the batch mean and 1/√(var + eps) for the backward
    /// (<paramref name="saveMean"/>, <paramref name="saveInvStd"/>) and updates the running statistics.
    /// Needs more than one value per channel (n·s &gt; 1). A ReLU or LeakyReLU <paramref name="activation"/> is applied to
    /// y in the same launch (the graph's fusion of a BatchNorm and the activation that reads it).
    /// </summary>
    public static void BatchNormTraining(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y,
        ArrayView<float> gamma, ArrayView<float> beta, ArrayView<float> runningMean, ArrayView<float> runningVar,
        ArrayView<float> saveMean, ArrayView<float> saveInvStd, int n, int c, int s, float momentum = 0.1f, float eps = 1e-5f,
        GemmActivation activation = default)
    {
        const string op = "BatchNormTraining";
        CheckShape(op, x, "x", y, "y", n, c, s);
        if ((long)n * s < 2)
            throw new ArgumentException($"{op}: training needs more than one value per channel; got n={n}, s={s}.", nameof(n));
        if (!(momentum >= 0f && momentum <= 1f))
            throw new ArgumentException($"{op}: momentum is {momentum}; it must lie in [0, 1].", nameof(momentum));
        OpChecks.PositiveFinite(op, nameof(eps), eps);
        CheckChannels(op, c, ("gamma", gamma), ("beta", beta), ("runningMean", runningMean), ("runningVar", runningVar),
            ("saveMean", saveMean), ("saveInvStd", saveInvStd));
        stream.Launch(BatchNormKernels.BatchStatsKernel, new KernelConfig(c, BatchNormKernels.GroupSize),
            x, saveMean, saveInvStd, runningMean, runningVar, n, c, s, eps, momentum);
        stream.Launch(BatchNormKernels.BatchApplyKernel, x.Length, x, y, saveMean, saveInvStd, gamma, beta, c, s, activation.Kind, activation.Slope);
    }

    /// <summary>Inference mode: normalizes with the running statistics (and applies <paramref name="activation"/>, as in training mode).</summary>
    public static void BatchNormInference(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y,
        ArrayView<float> gamma, ArrayView<float> beta, ArrayView<float> runningMean, ArrayView<float> runningVar,
        int n, int c, int s, float eps = 1e-5f, GemmActivation activation = default)
    {
        const string op = "BatchNormInference";
        CheckShape(op, x, "x", y, "y", n, c, s);
        OpChecks.PositiveFinite(op, nameof(eps), eps);
        CheckChannels(op, c, ("gamma", gamma), ("beta", beta), ("runningMean", runningMean), ("runningVar", runningVar));
        stream.Launch(BatchNormKernels.BatchInferenceKernel, x.Length, x, y, runningMean, runningVar, gamma, beta, c, s, eps, activation.Kind, activation.Slope);
    }

    /// <summary>
    /// Backward of <see cref="BatchNormTraining"/> from its input <paramref name="x"/> and saved statistics:
    /// dx += ∂L/∂x (through the batch statistics), dgamma += Σ dy·x̂, dbeta += Σ dy. <paramref name="scratch"/> needs
    /// <see cref="BatchNormScratchLength"/>(c) elements.
    /// </summary>
    public static void BatchNormBackward(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> gamma,
        ArrayView<float> saveMean, ArrayView<float> saveInvStd, ArrayView<float> dx, ArrayView<float> dgamma, ArrayView<float> dbeta,
        ArrayView<float> scratch, int n, int c, int s)
    {
        const string op = "BatchNormBackward";
        CheckShape(op, x, "x", dy, "dy", n, c, s);
        OpChecks.Length(op, nameof(dx), dx, (long)n * c * s, $"{n}×{c}×{s}");
        CheckChannels(op, c, ("gamma", gamma), ("saveMean", saveMean), ("saveInvStd", saveInvStd), ("dgamma", dgamma), ("dbeta", dbeta));
        if (scratch.Length < BatchNormScratchLength(c))
            throw new ArgumentException(
                $"{op}: scratch ('{scratch.Buffer?.Name}', {scratch.Length} elements) is too small for {c} channels: needs {BatchNormScratchLength(c)}.",
                nameof(scratch));
        var sums = scratch.SubView(0, BatchNormScratchLength(c));
        stream.Launch(BatchNormKernels.BatchGradSumsKernel, new KernelConfig(c, BatchNormKernels.GroupSize),
            x, dy, saveMean, saveInvStd, sums, dgamma, dbeta, n, c, s);
        stream.Launch(BatchNormKernels.BatchBackwardInputKernel, x.Length, x, dy, gamma, saveMean, saveInvStd, sums, dx, n, c, s);
    }

    private static void CheckShape(string op, ArrayView<float> a, string nameA, ArrayView<float> b, string nameB, int n, int c, int s)
    {
        OpChecks.Positive(op, nameof(n), n);
        OpChecks.Positive(op, nameof(c), c);
        OpChecks.Positive(op, nameof(s), s);
        OpChecks.Length(op, nameA, a, (long)n * c * s, $"{n}×{c}×{s}");
        OpChecks.Length(op, nameB, b, (long)n * c * s, $"{n}×{c}×{s}");
    }

    private static void CheckChannels(string op, int c, params ReadOnlySpan<(string Name, ArrayView<float> View)> views)
    {
        foreach (var (name, view) in views) OpChecks.Length(op, name, view, c, $"{c} channels");
    }
}
