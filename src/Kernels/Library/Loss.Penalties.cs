namespace KernelGen.Kernels;

public static partial class Loss
{
    /// <summary>Scratch elements needed by <see cref="SparsityPenalty"/> for <paramref name="hidden"/> units.</summary>
    public static int SparsityScratchLength(int hidden) => 2 * hidden + Reduce.PartialCount(hidden);

    /// <summary>Scratch elements needed by <see cref="ContractivePenalty"/> for <paramref name="hidden"/> units.</summary>
    public static int ContractiveScratchLength(int hidden) => 3 * hidden + Reduce.PartialCount(hidden);

    /// <summary>
    /// L1 activation penalty λ·Σ|h| over activations h (N, H) of a batch of <paramref name="batch"/>:
    /// divided by the batch for <see cref="LossReduction.Mean"/> (per-sample sum, mean over the batch).
    /// Subgradient λ·sign(h), 0 at h = 0.
    /// </summary>
    /// <remarks>With <c>gradOutput</c> given, the gradient is also multiplied by <c>gradOutput[0]</c>, the loss's upstream gradient on the device.</remarks>
    public static void L1Penalty(AcceleratorStream stream, ArrayView<float> h, ArrayView<float> loss, ArrayView<float> grad,
        ArrayView<float> scratch, int batch, float lambda, LossReduction reduction = LossReduction.Mean, float gradScale = 1f,
        ArrayView<float> gradOutput = default)
    {
        const string op = "L1Penalty";
        OpChecks.Positive(op, nameof(batch), batch);
        OpChecks.NonNegative(op, nameof(lambda), lambda);
        OpChecks.Reduction(op, reduction);
        OpChecks.Finite(op, nameof(gradScale), gradScale);
        int hidden = OpChecks.Rows(op, nameof(h), h, batch);
        int n = h.Length;
        CheckOutputs(op, loss, grad, null, gradOutput);
        if (!grad.IsEmpty) OpChecks.Length(op, nameof(grad), grad, n, $"h ({batch}×{hidden})");
        OpChecks.AtLeast(op, nameof(scratch), scratch, ElementwiseScratchLength(n), $"{n} elements");
        float scale = lambda * (reduction == LossReduction.Mean ? 1f / batch : 1f);
        if (!loss.IsEmpty)
        {
            stream.Launch(PenaltyKernels.L1TermsKernel, n, h, scratch, scale);
            SumTerms(stream, scratch, n, loss);
        }
        if (!grad.IsEmpty && gradScale != 0f)
            stream.Launch(PenaltyKernels.L1GradKernel, n, h, grad, gradScale * scale, Upstream(gradOutput, grad), Has(gradOutput));
    }

    /// <summary>
    /// KL sparsity penalty β·Σ_j [ρ log(ρ/ρ̂_j) + (1 − ρ) log((1 − ρ)/(1 − ρ̂_j))] on sigmoid activations
    /// h (N, H), with ρ̂_j the mean of unit j over the batch (clamped to [1e-6, 1 − 1e-6] so the logs stay
    /// finite). There is no reduction: ρ̂ already averages over the batch. Gradient w.r.t. h:
    /// β(−ρ/ρ̂_j + (1 − ρ)/(1 − ρ̂_j))/N. With an empty <paramref name="loss"/>, the per-column pass still runs
    /// (the gradient reads its ρ̂) but not the sum.
    /// </summary>
    /// <remarks>With <c>gradOutput</c> given, the gradient is also multiplied by <c>gradOutput[0]</c>, the loss's upstream gradient on the device.</remarks>
    public static void SparsityPenalty(AcceleratorStream stream, ArrayView<float> h, ArrayView<float> loss, ArrayView<float> grad,
        ArrayView<float> scratch, int batch, float rho, float beta, float gradScale = 1f, ArrayView<float> gradOutput = default)
    {
        const string op = "SparsityPenalty";
        OpChecks.Positive(op, nameof(batch), batch);
        OpChecks.Open(op, nameof(rho), rho, 0f, 1f);
        OpChecks.NonNegative(op, nameof(beta), beta);
        OpChecks.Finite(op, nameof(gradScale), gradScale);
        int hidden = OpChecks.Rows(op, nameof(h), h, batch);
        CheckOutputs(op, loss, grad, null, gradOutput);
        if (!grad.IsEmpty) OpChecks.Length(op, nameof(grad), grad, h.Length, $"h ({batch}×{hidden})");
        OpChecks.AtLeast(op, nameof(scratch), scratch, SparsityScratchLength(hidden), $"{hidden} hidden units");
        bool gradient = !grad.IsEmpty && gradScale != 0f;
        if (loss.IsEmpty && !gradient) return;
        var terms = scratch.SubView(0, hidden);
        var rhoHat = scratch.SubView(hidden, hidden);
        stream.Launch(PenaltyKernels.SparsityColumnsKernel, hidden, h, rhoHat, terms, batch, hidden, rho, beta);
        if (!loss.IsEmpty) Reduce.Sum(stream, terms, loss, scratch.SubView(2 * hidden, scratch.Length - 2 * hidden));
        if (gradient)
            stream.Launch(PenaltyKernels.SparsityGradKernel, h.Length, rhoHat, grad, hidden, rho, gradScale * beta / batch,
                Upstream(gradOutput, grad), Has(gradOutput));
    }

    /// <summary>
    /// Contractive penalty λ·‖J‖_F² of a sigmoid encoder h = σ(Wx + b) with W (H, D) row-major and h (N, H):
    /// ‖J_n‖_F² = Σ_j (h_nj(1 − h_nj))²·Σ_i W_ji², summed over the batch, divided by it for
    /// <see cref="LossReduction.Mean"/>. Gradients: w.r.t. the encoder <b>output</b> h
    /// (λ·2h(1 − h)(1 − 2h)·Σ_i W_ji², which the graph passes back through the sigmoid's backward like any
    /// other gradient of h) and the direct term w.r.t. W (λ·2W_ji·Σ_n (h_nj(1 − h_nj))²); both given or both empty.
    /// With an empty <paramref name="loss"/>, the per-column pass still runs (the gradients read its ‖W_j‖² and
    /// activation sums) but not the sum.
    /// </summary>
    /// <remarks>With <c>gradOutput</c> given, the gradients are also multiplied by <c>gradOutput[0]</c>, the loss's upstream gradient on the device.</remarks>
    public static void ContractivePenalty(AcceleratorStream stream, ArrayView<float> h, ArrayView<float> w, ArrayView<float> loss,
        ArrayView<float> gradH, ArrayView<float> gradW, ArrayView<float> scratch, int batch, float lambda,
        LossReduction reduction = LossReduction.Mean, float gradScale = 1f, ArrayView<float> gradOutput = default)
    {
        const string op = "ContractivePenalty";
        OpChecks.Positive(op, nameof(batch), batch);
        OpChecks.NonNegative(op, nameof(lambda), lambda);
        OpChecks.Reduction(op, reduction);
        OpChecks.Finite(op, nameof(gradScale), gradScale);
        int hidden = OpChecks.Rows(op, nameof(h), h, batch);
        int inputs = OpChecks.Rows(op, nameof(w), w, hidden);
        if (gradH.IsEmpty != gradW.IsEmpty)
            throw new ArgumentException($"{op}: gradH and gradW must both be given or both be empty.", gradH.IsEmpty ? nameof(gradH) : nameof(gradW));
        if (!gradH.IsEmpty)
        {
            OpChecks.Length(op, nameof(gradH), gradH, h.Length, $"h ({batch}×{hidden})");
            OpChecks.Length(op, nameof(gradW), gradW, w.Length, $"W ({hidden}×{inputs})");
        }
        CheckOutputs(op, loss, gradH, "gradH", gradOutput);
        OpChecks.AtLeast(op, nameof(scratch), scratch, ContractiveScratchLength(hidden), $"{hidden} hidden units");
        bool gradient = !gradH.IsEmpty && gradScale != 0f;
        if (loss.IsEmpty && !gradient) return;
        float scale = lambda * (reduction == LossReduction.Mean ? 1f / batch : 1f);
        var terms = scratch.SubView(0, hidden);
        var wNorm = scratch.SubView(hidden, hidden);
        var act = scratch.SubView(2 * hidden, hidden);
        stream.Launch(PenaltyKernels.ContractiveColumnsKernel, hidden, h, w, wNorm, act, terms, batch, hidden, inputs, scale);
        if (!loss.IsEmpty) Reduce.Sum(stream, terms, loss, scratch.SubView(3 * hidden, scratch.Length - 3 * hidden));
        if (gradient)
        {
            var upstream = Upstream(gradOutput, gradH);
            int has = Has(gradOutput);
            stream.Launch(PenaltyKernels.ContractiveGradHKernel, h.Length, h, wNorm, gradH, hidden, gradScale * scale, upstream, has);
            stream.Launch(PenaltyKernels.ContractiveGradWKernel, w.Length, w, act, gradW, inputs, gradScale * scale, upstream, has);
        }
    }
}
