using KernelGen.Kernels;

namespace KernelGen.Graph;

/// <summary>
/// Adam (torch.optim.Adam: L2 weight decay added to the gradient, bias correction, ε added to √v̂). State: the
/// moments <c>exp_avg</c>, <c>exp_avg_sq</c> and the group's device step counter, all saved in checkpoints.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer (PyTorch's defaults).</summary>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0f) : base(learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 must lie in [0, 1), got {beta1}.");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"beta2 must lie in [0, 1), got {beta2}.");
        if (!(eps >= 0) || !float.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), $"eps must be non-negative, got {eps}.");
        if (!(weightDecay >= 0) || !float.IsFinite(weightDecay)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"Weight decay must be non-negative, got {weightDecay}.");
        (Beta1, Beta2, Eps, WeightDecay) = (beta1, beta2, eps, weightDecay);
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to √v̂.</summary>
    public float Eps { get; }

    /// <summary>Weight decay: L2 in the gradient here, decoupled in <see cref="AdamW"/>.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    public override int StateSlots => 2;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => ["exp_avg", "exp_avg_sq"];

    /// <inheritdoc/>
    public override bool UsesDeviceStep => true;

    /// <summary>Whether the weight decay is decoupled from the gradient (AdamW).</summary>
    private protected virtual bool Decoupled => false;

    /// <inheritdoc/>
    protected internal override void Update(AcceleratorStream stream, ParameterGroup group, int t, float rate)
    {
        var (m, v) = (group.State[0].View.SubView(0, group.Length), group.State[1].View.SubView(0, group.Length));
        // A schedule with a device form is evaluated from the device step counter: the launch passes the base rate.
        var (lr, schedule) = Schedule?.OnDevice is { } onDevice ? (LearningRate, onDevice) : (rate, RateSchedule.Constant);
        if (Decoupled) OptimizerSteps.AdamW(stream, group.Values, group.Gradients, m, v, group.DeviceStep, lr, Beta1, Beta2, Eps, WeightDecay, schedule);
        else OptimizerSteps.Adam(stream, group.Values, group.Gradients, m, v, group.DeviceStep, lr, Beta1, Beta2, Eps, WeightDecay, schedule);
    }
}
