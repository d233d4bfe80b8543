using KernelGen.Kernels;

namespace KernelGen.Graph;

/// <summary>An optimizer: one update over a parameter group's flat range, per step.</summary>
public abstract class Optimizer
{
    /// <summary>Creates the optimizer with a base learning rate.</summary>
    protected Optimizer(float learningRate)
    {
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), $"Learning rate must be positive, got {learningRate}.");
        LearningRate = learningRate;
    }

    /// <summary>The base learning rate.</summary>
    public float LearningRate { get; }

    /// <summary>How the rate changes with the step (constant when null).</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>Rescales the group's gradient to at most this global L2 norm before the update (off when null), as <c>clip_grad_norm_</c>.</summary>
    public float? ClipGradientNorm { get; init; }

    /// <summary>Clamps the group's parameters to [−c, c] after each update (the WGAN critic's weight clipping; off when null).</summary>
    public float? WeightClip { get; init; }

    /// <summary>The rate at step <paramref name="step"/> (0-based).</summary>
    public float RateAt(int step) => Schedule?.Rate(LearningRate, step) ?? LearningRate;

    /// <summary>Number of state arenas (momentum, second moment, …).</summary>
    public abstract int StateSlots { get; }

    /// <summary>Names of the state arenas, used in checkpoints.</summary>
    public abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>
    /// Whether the optimizer keeps a step counter on the device (Adam's bias correction), allocated per group by
    /// <see cref="ParameterGroup.UseOptimizer"/> and saved in checkpoints.
    /// </summary>
    public virtual bool UsesDeviceStep => false;

    /// <summary>
    /// Enqueues the update of the group's <see cref="ParameterGroup.Values"/> from its
    /// <see cref="ParameterGroup.Gradients"/> and <see cref="ParameterGroup.State"/> at step t (1-based) with the
    /// scheduled rate: one launch over the group's range.
    /// </summary>
    protected internal abstract void Update(AcceleratorStream stream, ParameterGroup group, int t, float rate);
}

/// <summary>Plain stochastic gradient descent: p −= lr·g.</summary>
public sealed class Sgd(float learningRate) : Optimizer(learningRate)
{
    /// <inheritdoc/>
    public override int StateSlots => 0;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => [];

    /// <inheritdoc/>
    protected internal override void Update(AcceleratorStream stream, ParameterGroup group, int t, float rate) =>
        Elementwise.Axpy(stream, -rate, group.Gradients, group.Values);
}
