using KernelGen.Kernels;

namespace KernelGen.Graph;

/// <summary>
/// SGD with momentum (torch.optim.SGD, dampening 0): b = μ·b + (g + wd·p); p −= lr·b, or with Nesterov
/// p −= lr·(g + wd·p + μ·b). State: the momentum buffer.
/// </summary>
public sealed class SgdMomentum : Optimizer
{
    /// <summary>Creates the optimizer; momentum must be positive, weight decay non-negative.</summary>
    public SgdMomentum(float learningRate, float momentum = 0.9f, bool nesterov = false, float weightDecay = 0f) : base(learningRate)
    {
        if (!(momentum > 0) || !float.IsFinite(momentum)) throw new ArgumentOutOfRangeException(nameof(momentum), $"Momentum must be positive, got {momentum}.");
        if (!(weightDecay >= 0) || !float.IsFinite(weightDecay)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"Weight decay must be non-negative, got {weightDecay}.");
        (Momentum, Nesterov, WeightDecay) = (momentum, nesterov, weightDecay);
    }

    /// <summary>The momentum factor μ.</summary>
    public float Momentum { get; }

    /// <summary>Whether the Nesterov variant is used.</summary>
    public bool Nesterov { get; }

    /// <summary>L2 weight decay added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    public override int StateSlots => 1;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => ["momentum_buffer"];

    /// <inheritdoc/>
    protected internal override void Update(AcceleratorStream stream, ParameterGroup group, int t, float rate) =>
        OptimizerSteps.Sgd(stream, group.Values, group.Gradients, group.State[0].View.SubView(0, group.Length), rate, Momentum, WeightDecay, Nesterov);
}
