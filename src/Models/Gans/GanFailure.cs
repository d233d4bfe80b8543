namespace KernelGen.Models.Gans;

/// <summary>The three ways GAN training fails that <see cref="GanHealth"/> recognizes.</summary>
public enum GanFailure
{
    /// <summary>The discriminator rejects every fake (D(G(z)) → 0) and the generator's gradient has all but vanished.</summary>
    VanishingGradient,

    /// <summary>The samples fall into few classes: one class under 1% of them, or one over 50%.</summary>
    ModeCollapse,

    /// <summary>The losses swing up and down from epoch to epoch without a trend: the players chase each other.</summary>
    Oscillation,
}

/// <summary>A failure mode seen at the end of an epoch, with what it means and what usually helps.</summary>
/// <param name="Failure">Which failure.</param>
/// <param name="Epoch">The epoch after which it was seen.</param>
/// <param name="Message">One line: the evidence, what it means, what usually helps.</param>
public sealed record GanWarning(GanFailure Failure, int Epoch, string Message);
