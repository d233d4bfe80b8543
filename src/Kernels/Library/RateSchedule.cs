namespace KernelGen.Kernels;

/// <summary>
/// A learning-rate schedule as data, evaluated on the device from the optimizer's device step counter
/// (<see cref="OptimizerKernels.AdamPrepare"/>), so an optimizer step passes the same arguments at every step and a
/// step can be captured and replayed. The formulas are PyTorch's (StepLR, ExponentialLR, CosineAnnealingLR) as the
/// host-side schedules compute them.
/// </summary>
public readonly struct RateSchedule
{
    /// <summary>0 constant, 1 step decay, 2 exponential decay, 3 cosine annealing.</summary>
    public int Kind { get; init; }
    /// <summary>Steps between two decays (step decay).</summary>
    public int StepSize { get; init; }
    /// <summary>The decay factor (step and exponential decay).</summary>
    public float Gamma { get; init; }
    /// <summary>Steps from the base rate to the minimum (cosine annealing).</summary>
    public int Period { get; init; }
    /// <summary>The rate reached at the end of the period (cosine annealing).</summary>
    public float MinRate { get; init; }

    /// <summary>The base rate at every step.</summary>
    public static RateSchedule Constant => default;

    /// <summary>rate·γ^⌊step / stepSize⌋.</summary>
    public static RateSchedule StepDecay(int stepSize, float gamma) => new() { Kind = 1, StepSize = stepSize, Gamma = gamma };

    /// <summary>rate·γ^step.</summary>
    public static RateSchedule ExponentialDecay(float gamma) => new() { Kind = 2, Gamma = gamma };

    /// <summary>min + (rate − min)·(1 + cos(π·min(step, period) / period)) / 2.</summary>
    public static RateSchedule CosineAnnealing(int period, float minRate) => new() { Kind = 3, Period = period, MinRate = minRate };
}
