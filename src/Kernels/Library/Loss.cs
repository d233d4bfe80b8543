namespace KernelGen.Kernels;

/// <summary>
/// Host-side loss ops. Each writes the scalar loss into <c>loss[0]</c> and, unless its gradient view is empty
/// (<c>default</c>: evaluation only), accumulates <c>gradScale·∂loss/∂input</c> into it; <c>gradScale</c> is the
/// upstream scalar (1 for a plain loss, β for a weighted term). When <c>gradOutput</c> is given (a device view of
/// at least 1 element: the loss's upstream gradient, e.g. a graph node's), the gradient is also multiplied by
/// <c>gradOutput[0]</c>, read by the gradient kernel on the device. The per-element terms are written into
/// <c>scratch</c> and summed with <see cref="Reduce.Sum"/>; each op names the length its scratch needs.
/// An empty <c>loss</c> means "gradient only": the value is not computed (its terms kernel and the sum are not
/// launched), except for the per-row or per-column pass whose intermediates the gradient reads (cross-entropy's
/// log-sum-exp, the sparsity penalty's ρ̂, the contractive penalty's ‖W_j‖² and activation sums), which runs
/// without its final sum. An empty <c>loss</c> and empty gradients together are an error (nothing to compute).
/// </summary>
public static partial class Loss
{
    /// <summary>Scratch elements needed by the element-wise losses (MSE, BCE, BCE with logits, Gaussian KL, L1) of <paramref name="elements"/> inputs.</summary>
    public static int ElementwiseScratchLength(int elements) => elements + Reduce.PartialCount(elements);

    /// <summary>Scratch elements needed by <see cref="CrossEntropy"/> for a batch of <paramref name="batch"/> rows.</summary>
    public static int CrossEntropyScratchLength(int batch) => 2 * batch + Reduce.PartialCount(batch);

    /// <summary>
    /// Mean-squared error Σ(x − t)², divided by the element count for <see cref="LossReduction.Mean"/>
    /// (PyTorch's <c>mse_loss</c>). Gradient w.r.t. <paramref name="input"/> only.
    /// </summary>
    /// <remarks>With <c>gradOutput</c> given, the gradient is also multiplied by <c>gradOutput[0]</c>, the loss's upstream gradient on the device.</remarks>
    public static void Mse(AcceleratorStream stream, ArrayView<float> input, ArrayView<float> target, ArrayView<float> loss,
        ArrayView<float> grad, ArrayView<float> scratch, LossReduction reduction = LossReduction.Mean, float gradScale = 1f,
        ArrayView<float> gradOutput = default)
    {
        int n = CheckPair("Mse", input, target, loss, grad, scratch, reduction, gradScale, gradOutput);
        float scale = reduction == LossReduction.Mean ? 1f / n : 1f;
        if (!loss.IsEmpty)
        {
            stream.Launch(LossKernels.MseTermsKernel, n, input, target, scratch, scale);
            SumTerms(stream, scratch, n, loss);
        }
        if (!grad.IsEmpty && gradScale != 0f)
            stream.Launch(LossKernels.MseGradKernel, n, input, target, grad, gradScale * scale, Upstream(gradOutput, grad), Has(gradOutput));
    }

    /// <summary>
    /// Binary cross-entropy on probabilities p ∈ [0, 1] with targets t (PyTorch's <c>binary_cross_entropy</c>):
    /// −(t·max(log p, −100) + (1 − t)·max(log(1 − p), −100)), mean over elements or sum. The gradient is
    /// PyTorch's (p − t)/max(p(1 − p), 1e-12), finite at p = 0 and 1. Probabilities outside [0, 1] give NaN
    /// (they are not checked on the host: that would need a read).
    /// </summary>
    /// <remarks>With <c>gradOutput</c> given, the gradient is also multiplied by <c>gradOutput[0]</c>, the loss's upstream gradient on the device.</remarks>
    public static void BinaryCrossEntropy(AcceleratorStream stream, ArrayView<float> input, ArrayView<float> target, ArrayView<float> loss,
        ArrayView<float> grad, ArrayView<float> scratch, LossReduction reduction = LossReduction.Mean, float gradScale = 1f,
        ArrayView<float> gradOutput = default)
    {
        int n = CheckPair("BinaryCrossEntropy", input, target, loss, grad, scratch, reduction, gradScale, gradOutput);
        float scale = reduction == LossReduction.Mean ? 1f / n : 1f;
        if (!loss.IsEmpty)
        {
            stream.Launch(LossKernels.BceTermsKernel, n, input, target, scratch, scale);
            SumTerms(stream, scratch, n, loss);
        }
        if (!grad.IsEmpty && gradScale != 0f)
            stream.Launch(LossKernels.BceGradKernel, n, input, target, grad, gradScale * scale, Upstream(gradOutput, grad), Has(gradOutput));
    }

    /// <summary>
    /// Binary cross-entropy on logits x (PyTorch's <c>binary_cross_entropy_with_logits</c>), evaluated stably as
    /// max(x, 0) − x·t + log(1 + e^−|x|); gradient σ(x) − t.
    /// </summary>
    /// <remarks>With <c>gradOutput</c> given, the gradient is also multiplied by <c>gradOutput[0]</c>, the loss's upstream gradient on the device.</remarks>
    public static void BinaryCrossEntropyWithLogits(AcceleratorStream stream, ArrayView<float> logits, ArrayView<float> target, ArrayView<float> loss,
        ArrayView<float> grad, ArrayView<float> scratch, LossReduction reduction = LossReduction.Mean, float gradScale = 1f,
        ArrayView<float> gradOutput = default)
    {
        int n = CheckPair("BinaryCrossEntropyWithLogits", logits, target, loss, grad, scratch, reduction, gradScale, gradOutput);
        float scale = reduction == LossReduction.Mean ? 1f / n : 1f;
        if (!loss.IsEmpty)
        {
            stream.Launch(LossKernels.BceLogitsTermsKernel, n, logits, target, scratch, scale);
            SumTerms(stream, scratch, n, loss);
        }
        if (!grad.IsEmpty && gradScale != 0f)
            stream.Launch(LossKernels.BceLogitsGradKernel, n, logits, target, grad, gradScale * scale, Upstream(gradOutput, grad), Has(gradOutput));
    }

    /// <summary>
    /// Cross-entropy of logits (N, <paramref name="classes"/>) against int class labels (N) with a stable
    /// log-softmax inside (PyTorch's <c>cross_entropy</c> without weights); mean over the batch or sum.
    /// Labels are checked on the device: one outside [0, classes) makes the loss NaN and sets
    /// <c>status[0]</c> to 1 + its row; call <see cref="LabelStatus.ThrowIfInvalid"/> when reading results.
    /// With an empty <paramref name="loss"/>, the per-row pass still runs (the gradient reads its log-sum-exp) but not the sum.
    /// </summary>
    /// <remarks>With <c>gradOutput</c> given, the gradient is also multiplied by <c>gradOutput[0]</c>, the loss's upstream gradient on the device.</remarks>
    public static void CrossEntropy(AcceleratorStream stream, ArrayView<float> logits, ArrayView<int> labels, ArrayView<float> loss,
        ArrayView<float> grad, ArrayView<float> scratch, ArrayView<int> status, int classes,
        LossReduction reduction = LossReduction.Mean, float gradScale = 1f, ArrayView<float> gradOutput = default)
    {
        const string op = "CrossEntropy";
        OpChecks.Positive(op, nameof(classes), classes);
        OpChecks.Reduction(op, reduction);
        OpChecks.Finite(op, nameof(gradScale), gradScale);
        if (labels.IsEmpty || labels.Length == 0)
            throw new ArgumentException($"{op}: labels must hold at least one label.", nameof(labels));
        int batch = labels.Length;
        OpChecks.Length(op, nameof(logits), logits, (long)batch * classes, $"{batch}×{classes} logits");
        CheckOutputs(op, loss, grad, default, gradOutput);
        OpChecks.Scalar(op, nameof(status), status);
        if (!grad.IsEmpty) OpChecks.Length(op, nameof(grad), grad, logits.Length, $"logits {batch}×{classes}");
        OpChecks.AtLeast(op, nameof(scratch), scratch, CrossEntropyScratchLength(batch), $"batch {batch}");
        bool gradient = !grad.IsEmpty && gradScale != 0f;
        if (loss.IsEmpty && !gradient) return;
        float scale = reduction == LossReduction.Mean ? 1f / batch : 1f;
        var terms = scratch.SubView(0, batch);
        var lse = scratch.SubView(batch, batch);
        stream.Launch(LossKernels.CrossEntropyRowsKernel, batch, logits, labels, terms, lse, status, classes, scale);
        if (!loss.IsEmpty) Reduce.Sum(stream, terms, loss, scratch.SubView(2 * batch, scratch.Length - 2 * batch));
        if (gradient)
            stream.Launch(LossKernels.CrossEntropyGradKernel, logits.Length, logits, labels, lse, grad, classes, gradScale * scale,
                Upstream(gradOutput, grad), Has(gradOutput));
    }

    /// <summary>
    /// The VAE's Gaussian KL term KL(N(μ, e^logvar) ‖ N(0, 1)) = −½ Σ (1 + logvar − μ² − e^logvar) over
    /// μ and logvar (N, D): summed per image, then the mean over the batch of <paramref name="batch"/> images
    /// (<see cref="LossReduction.Mean"/>) or the sum. Gradients w.r.t. μ (μ) and logvar (½(e^logvar − 1)),
    /// both given or both empty.
    /// </summary>
    /// <remarks>With <c>gradOutput</c> given, the gradients are also multiplied by <c>gradOutput[0]</c>, the loss's upstream gradient on the device.</remarks>
    public static void GaussianKl(AcceleratorStream stream, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> loss,
        ArrayView<float> gradMu, ArrayView<float> gradLogvar, ArrayView<float> scratch, int batch,
        LossReduction reduction = LossReduction.Mean, float gradScale = 1f, ArrayView<float> gradOutput = default)
    {
        const string op = "GaussianKl";
        OpChecks.Positive(op, nameof(batch), batch);
        OpChecks.Reduction(op, reduction);
        OpChecks.Finite(op, nameof(gradScale), gradScale);
        int dims = OpChecks.Rows(op, nameof(mu), mu, batch);
        int n = mu.Length;
        OpChecks.Length(op, nameof(logvar), logvar, n, $"mu ({batch}×{dims})");
        if (gradMu.IsEmpty != gradLogvar.IsEmpty)
            throw new ArgumentException($"{op}: gradMu and gradLogvar must both be given or both be empty.", gradMu.IsEmpty ? nameof(gradMu) : nameof(gradLogvar));
        if (!gradMu.IsEmpty)
        {
            OpChecks.Length(op, nameof(gradMu), gradMu, n, $"mu ({batch}×{dims})");
            OpChecks.Length(op, nameof(gradLogvar), gradLogvar, n, $"logvar ({batch}×{dims})");
        }
        CheckOutputs(op, loss, gradMu, "gradMu", gradOutput);
        OpChecks.AtLeast(op, nameof(scratch), scratch, ElementwiseScratchLength(n), $"{n} elements");
        float scale = reduction == LossReduction.Mean ? 1f / batch : 1f;
        if (!loss.IsEmpty)
        {
            stream.Launch(LossKernels.GaussianKlTermsKernel, n, mu, logvar, scratch, scale);
            SumTerms(stream, scratch, n, loss);
        }
        if (!gradMu.IsEmpty && gradScale != 0f)
            stream.Launch(LossKernels.GaussianKlGradKernel, n, mu, logvar, gradMu, gradLogvar, gradScale * scale,
                Upstream(gradOutput, gradMu), Has(gradOutput));
    }

    /// <summary>loss[0] = Σ terms[0..count), with the partial sums in scratch after the terms.</summary>
    private static void SumTerms(AcceleratorStream stream, ArrayView<float> scratch, int count, ArrayView<float> loss) =>
        Reduce.Sum(stream, scratch.SubView(0, count), loss, scratch.SubView(count, scratch.Length - count));

    /// <summary>The view a gradient kernel reads its upstream gradient from: <paramref name="gradOutput"/>, or (unread) <paramref name="fallback"/>.</summary>
    private static ArrayView<float> Upstream(ArrayView<float> gradOutput, ArrayView<float> fallback) => gradOutput.IsEmpty ? fallback : gradOutput;

    /// <summary>The gradient kernels' hasGradOutput flag.</summary>
    private static int Has(ArrayView<float> gradOutput) => gradOutput.IsEmpty ? 0 : 1;

    /// <summary>
    /// Checks the outputs: <paramref name="loss"/> a scalar or empty (gradient only), not both it and the gradient
    /// (<paramref name="grad"/>, named <paramref name="gradName"/>) empty, and <paramref name="gradOutput"/> a scalar or empty.
    /// </summary>
    private static void CheckOutputs(string op, ArrayView<float> loss, ArrayView<float> grad, string? gradName, ArrayView<float> gradOutput)
    {
        if (loss.IsEmpty && grad.IsEmpty)
            throw new ArgumentException($"{op}: loss and {gradName ?? "grad"} are both empty: nothing to compute.", nameof(loss));
        if (!loss.IsEmpty) OpChecks.Scalar(op, nameof(loss), loss);
        if (!gradOutput.IsEmpty) OpChecks.Scalar(op, nameof(gradOutput), gradOutput);
    }

    /// <summary>Checks an element-wise loss of input against target; returns the element count.</summary>
    private static int CheckPair(string op, ArrayView<float> input, ArrayView<float> target, ArrayView<float> loss,
        ArrayView<float> grad, ArrayView<float> scratch, LossReduction reduction, float gradScale, ArrayView<float> gradOutput)
    {
        OpChecks.Reduction(op, reduction);
        OpChecks.Finite(op, nameof(gradScale), gradScale);
        if (input.IsEmpty || input.Length == 0)
            throw new ArgumentException($"{op}: input is empty; a loss needs at least one element.", nameof(input));
        int n = input.Length;
        OpChecks.Length(op, nameof(target), target, n, $"input ('{OpChecks.Name(input)}', {n} elements)");
        CheckOutputs(op, loss, grad, null, gradOutput);
        if (!grad.IsEmpty) OpChecks.Length(op, nameof(grad), grad, n, $"input ('{OpChecks.Name(input)}', {n} elements)");
        OpChecks.AtLeast(op, nameof(scratch), scratch, ElementwiseScratchLength(n), $"{n} elements");
        return n;
    }
}
