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

    /// <summary>Rescales the group's gradient to at most this global L2 norm before the update (off when null).</summary>
    public float? ClipGradientNorm { get; init; }

    /// <summary>The rate at step <paramref name="step"/> (0-based).</summary>
    public float RateAt(int step) => Schedule?.Rate(LearningRate, step) ?? LearningRate;

    /// <summary>Number of state arenas (momentum, second moment, …).</summary>
    public abstract int StateSlots { get; }

    /// <summary>Names of the state arenas, used in checkpoints.</summary>
    public abstract IReadOnlyList<string> StateNames { get; }

    /// <summary>Enqueues the update of <paramref name="values"/> from <paramref name="grads"/> at step t (1-based).</summary>
    protected internal abstract void Update(AcceleratorStream stream, ArrayView<float> values, ArrayView<float> grads,
        IReadOnlyList<MemoryBuffer<float>> state, int t, float rate);
}

/// <summary>Plain stochastic gradient descent: p −= lr·g.</summary>
public sealed class Sgd(float learningRate) : Optimizer(learningRate)
{
    /// <inheritdoc/>
    public override int StateSlots => 0;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => [];

    /// <inheritdoc/>
    protected internal override void Update(AcceleratorStream stream, ArrayView<float> values, ArrayView<float> grads,
        IReadOnlyList<MemoryBuffer<float>> state, int t, float rate) => Elementwise.Axpy(stream, -rate, grads, values);
}
