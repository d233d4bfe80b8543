using KernelGen.Graph.Ops;
using KernelGen.Kernels;

namespace KernelGen.Graph;

public sealed partial class GraphBuilder
{
    // Losses and penalties: each returns a scalar (shape (1)) that can be weighted (Scale), summed (Add) and set
    // as the graph's loss. Targets and labels get no gradient: they must be inputs or frozen.

    /// <summary>Mean-squared error Σ(x − t)², divided by the element count for <see cref="LossReduction.Mean"/> (PyTorch's <c>mse_loss</c>).</summary>
    public Tensor Mse(Tensor input, Tensor target, LossReduction reduction = LossReduction.Mean, string? name = null) =>
        Add(new MseOp(this, name ?? "mse", input, target, reduction));

    /// <summary>Binary cross-entropy of probabilities p ∈ [0, 1] against targets (PyTorch's <c>binary_cross_entropy</c>, logs clamped at −100).</summary>
    public Tensor BinaryCrossEntropy(Tensor probabilities, Tensor target, LossReduction reduction = LossReduction.Mean, string? name = null) =>
        Add(new BinaryCrossEntropyOp(this, name ?? "bce", probabilities, target, reduction));

    /// <summary>Binary cross-entropy of logits against targets, evaluated stably (PyTorch's <c>binary_cross_entropy_with_logits</c>).</summary>
    public Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, LossReduction reduction = LossReduction.Mean, string? name = null) =>
        Add(new BinaryCrossEntropyWithLogitsOp(this, name ?? "bce_logits", logits, target, reduction));

    /// <summary>
    /// Cross-entropy of logits (N, K) against int class labels (N) (PyTorch's <c>cross_entropy</c>), mean over
    /// the batch or sum. A label outside [0, K) makes the loss NaN and reading the loss throws, naming the row and label.
    /// </summary>
    public Tensor CrossEntropy(Tensor logits, Tensor labels, LossReduction reduction = LossReduction.Mean, string? name = null) =>
        Add(new CrossEntropyOp(this, name ?? "cross_entropy", logits, labels, reduction));

    /// <summary>
    /// KL(N(μ, e^logvar) ‖ N(0, 1)) = −½ Σ (1 + logvar − μ² − e^logvar), summed per sample, then the mean over
    /// the batch (<see cref="LossReduction.Mean"/>) or the sum. PyTorch's VAE example loss (BCE summed plus KL,
    /// per image) is <c>Scale(Add(BinaryCrossEntropyWithLogits(logits, x, Sum), GaussianKl(mu, logvar, Sum)), 1f / batch)</c>.
    /// </summary>
    public Tensor GaussianKl(Tensor mu, Tensor logvar, LossReduction reduction = LossReduction.Mean, string? name = null) =>
        Add(new GaussianKlOp(this, name ?? "kl", mu, logvar, reduction));

    /// <summary>L1 activation penalty λ·Σ|h| over h (batch, …): per-sample sum, mean over the batch or sum.</summary>
    public Tensor L1Penalty(Tensor h, float lambda, LossReduction reduction = LossReduction.Mean, string? name = null) =>
        Add(new L1PenaltyOp(this, name ?? "l1_penalty", h, lambda, reduction));

    /// <summary>
    /// Sparse autoencoder penalty β·Σ_j KL(ρ ‖ ρ̂_j) on sigmoid activations h (batch, hidden), ρ̂_j being unit j's
    /// mean over the batch (no reduction: ρ̂ already averages).
    /// </summary>
    public Tensor SparsityPenalty(Tensor h, float rho, float beta, string? name = null) =>
        Add(new SparsityPenaltyOp(this, name ?? "sparsity_penalty", h, rho, beta));

    /// <summary>
    /// Contractive autoencoder penalty λ·‖∂h/∂x‖_F² for a sigmoid encoder h = σ(Linear(x)) with weight
    /// <paramref name="encoderWeight"/> (hidden, inputs), e.g. <c>GetParameter("enc.weight")</c>: per-sample sum,
    /// mean over the batch or sum.
    /// </summary>
    public Tensor ContractivePenalty(Tensor h, Tensor encoderWeight, float lambda, LossReduction reduction = LossReduction.Mean, string? name = null) =>
        Add(new ContractivePenaltyOp(this, name ?? "contractive_penalty", h, encoderWeight, lambda, reduction));
}
