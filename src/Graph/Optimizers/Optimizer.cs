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

    /// <summary>
    /// Keeps an exponential moving average of the group's parameters beside them, updated after every step with this
    /// decay (warmed up as min(decay, (1 + t)/(10 + t)) so early averages follow the parameters), saved in checkpoints
    /// as the state <c>average</c>; <see cref="ParameterGroup.SwapAverage"/> puts it in place, e.g. to sample from a
    /// GAN generator's averaged weights (Yazıcı et al., 2019). Off when null; otherwise in [0, 1).
    /// </summary>
    public float? ParameterAverage
    {
        get => _parameterAverage;
        init => _parameterAverage = value is not { } d || (d >= 0 && d < 1) ? value
            : throw new ArgumentOutOfRangeException(nameof(ParameterAverage), $"The parameter average's decay must lie in [0, 1), got {d}.");
    }

    private readonly float? _parameterAverage;

    /// <summary>The decay of the parameter average at step t (1-based), after the warm-up; see <see cref="ParameterAverage"/>.</summary>
    public float AverageDecayAt(int t) => Math.Min(_parameterAverage ?? 0f, (1f + t) / (10f + t));

    /// <summary>Names of every state arena a group keeps for this optimizer: <see cref="StateNames"/>, then <c>average</c> when <see cref="ParameterAverage"/> is set.</summary>
    public IReadOnlyList<string> ArenaNames => _parameterAverage is null ? StateNames : [.. StateNames, AverageArena];

    /// <summary>The name of the parameter average's arena.</summary>
    public const string AverageArena = "average";

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
