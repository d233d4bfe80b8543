using System.ComponentModel;

namespace KernelGen.Models.Gans;

/// <summary>
/// Hyper-parameters of the WGAN (defaults of the paper: clip c = 0.01, n_critic = 5, learning rate 5e-5, batch 64).
/// The paper's RMSprop is stood in for by Adam with β1 = 0 and β2 = 0.99: without momentum Adam's update is
/// RMSprop's (α = 0.99) up to the bias correction of the second moment.
/// </summary>
public record WGanOptions : AdversarialOptions
{
    /// <summary>Sets the WGAN defaults of the base options.</summary>
    public WGanOptions()
    {
        LearningRate = 5e-5f;
        DiscriminatorSteps = 5;
        Beta1 = 0f;
        Beta2 = 0.99f;
    }

    /// <summary>Units of each of the two hidden layers of the generator and the critic.</summary>
    [Description("Units of each of the two hidden layers of the generator and the critic; at least 1.")]
    public int Hidden { get; init; } = 256;

    /// <summary>The critic's weights are clamped to [−Clip, Clip] after every update.</summary>
    [Description("The critic's weights are clamped to [-clip, clip] after every update; positive.")]
    public float Clip { get; init; } = 0.01f;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Hidden >= 1, nameof(Hidden), Hidden, "at least 1");
        Require(Clip > 0 && float.IsFinite(Clip), nameof(Clip), Clip, "positive and finite");
    }
}
