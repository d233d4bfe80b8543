using System.ComponentModel;

namespace KernelGen.Models.Classifiers;

/// <summary>Hyper-parameters of the convolutional classifier (defaults: conv 32 → pool → conv 64 → pool → 128 → dropout 0.5 → classes; Adam 1e-3, batch 64).</summary>
public record ClassifierOptions : ModelOptions
{
    /// <summary>Creates the defaults.</summary>
    public ClassifierOptions() => BatchSize = 64;

    /// <summary>Feature maps of the first 3×3 convolution.</summary>
    [Description("Feature maps of the first 3x3 convolution; at least 1.")]
    public int Conv1 { get; init; } = 32;

    /// <summary>Feature maps of the second 3×3 convolution.</summary>
    [Description("Feature maps of the second 3x3 convolution; at least 1.")]
    public int Conv2 { get; init; } = 64;

    /// <summary>Units of the hidden fully connected layer.</summary>
    [Description("Units of the hidden fully connected layer; at least 1.")]
    public int Hidden { get; init; } = 128;

    /// <summary>Dropout probability before the last layer.</summary>
    [Description("Dropout probability before the last layer; from 0 to less than 1.")]
    public float Dropout { get; init; } = 0.5f;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Conv1 >= 1, nameof(Conv1), Conv1, "at least 1");
        Require(Conv2 >= 1, nameof(Conv2), Conv2, "at least 1");
        Require(Hidden >= 1, nameof(Hidden), Hidden, "at least 1");
        Require(Dropout >= 0 && Dropout < 1, nameof(Dropout), Dropout, "in [0, 1)");
    }
}
