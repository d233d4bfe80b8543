using System.ComponentModel;

namespace KernelGen.Models;

/// <summary>Hyper-parameters every model has. Models derive their own options from this record.</summary>
public record ModelOptions
{
    /// <summary>Images per training step.</summary>
    [Description("Images per training step; at least 1.")]
    public int BatchSize { get; init; } = 128;

    /// <summary>Base learning rate of the model's optimizer(s).</summary>
    [Description("Base learning rate of the model's optimizer(s); positive.")]
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Seed of parameter initialization, the model's random streams and batch order.</summary>
    [Description("Seed of parameter initialization, the model's random streams and batch order.")]
    public ulong Seed { get; init; } = 1;

    /// <summary>Checks the values; an out-of-range value is an <see cref="OptionRangeException"/> naming it and its option.</summary>
    public virtual void Validate()
    {
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
        Require(LearningRate > 0 && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "positive and finite");
    }

    /// <summary>Throws an <see cref="OptionRangeException"/> naming the property, its option and its value unless <paramref name="ok"/>.</summary>
    protected static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok) throw new OptionRangeException(name, value, expected);
    }
}
