using KernelGen.Kernels;

namespace KernelGen.Graph;

/// <summary>A learning-rate schedule: the rate for a step, given the base rate.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The rate at 0-based <paramref name="step"/>.</summary>
    float Rate(float baseRate, int step);

    /// <summary>
    /// The same schedule evaluated on the device from the optimizer's step counter (Adam, AdamW), so every step passes
    /// the same arguments; null when it has no device form (the host then passes each step's rate).
    /// </summary>
    RateSchedule? OnDevice => null;
}

/// <summary>Multiplies the rate by <paramref name="Gamma"/> every <paramref name="StepSize"/> steps (PyTorch's StepLR).</summary>
public sealed record StepDecay(int StepSize, float Gamma) : ILearningRateSchedule
{
    /// <inheritdoc/>
    public float Rate(float baseRate, int step) => baseRate * MathF.Pow(Gamma, step / StepSize);

    /// <inheritdoc/>
    public RateSchedule? OnDevice => RateSchedule.StepDecay(StepSize, Gamma);
}

/// <summary>rate·γ^step (PyTorch's ExponentialLR).</summary>
public sealed record ExponentialDecay(float Gamma) : ILearningRateSchedule
{
    /// <inheritdoc/>
    public float Rate(float baseRate, int step) => baseRate * MathF.Pow(Gamma, step);

    /// <inheritdoc/>
    public RateSchedule? OnDevice => RateSchedule.ExponentialDecay(Gamma);
}

/// <summary>Cosine annealing from the base rate to <paramref name="MinRate"/> over <paramref name="Period"/> steps (PyTorch's CosineAnnealingLR).</summary>
public sealed record CosineAnnealing(int Period, float MinRate = 0f) : ILearningRateSchedule
{
    /// <inheritdoc/>
    public float Rate(float baseRate, int step) =>
        MinRate + (baseRate - MinRate) * (1 + MathF.Cos(MathF.PI * Math.Min(step, Period) / Period)) / 2;

    /// <inheritdoc/>
    public RateSchedule? OnDevice => RateSchedule.CosineAnnealing(Period, MinRate);
}
