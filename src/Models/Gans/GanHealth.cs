using System.Globalization;

namespace KernelGen.Models.Gans;

/// <summary>
/// Watches a GAN's training epoch by epoch (<see cref="GanSignals"/>) for the three failure modes of the course and
/// says, once each time one begins, what it means and what usually helps:
/// <list type="bullet">
/// <item><b>Vanishing gradients</b>: mean D(G(z)) under <see cref="RejectedFakes"/> while the generator's gradient norm
/// has fallen under <see cref="VanishedFraction"/> of its largest epoch mean so far (a critic has no D(G(z)); not judged).</item>
/// <item><b>Mode collapse</b>, when a judge classified samples: a class under <see cref="StarvedShare"/> of them or one
/// over <see cref="DominantShare"/>, in two epochs in a row. One epoch is not enough: a share of 1,000 judged samples
/// near 1% has a standard error of about 0.3 points, and a generator passes through such dips early on.</item>
/// <item><b>Oscillation</b>: over the last <see cref="OscillationWindow"/> epochs a loss changed direction at least
/// <see cref="OscillationTurns"/> times, swung by at least <see cref="OscillationSwing"/> of its mean size, and its
/// least-squares line rose or fell over the window by less than half that swing (no trend).</item>
/// </list>
/// A warning is given when its condition starts to hold, not again while it keeps holding.
/// </summary>
public sealed class GanHealth
{
    /// <summary>Mean D(G(z)) below which the discriminator is taken to reject every fake.</summary>
    public const double RejectedFakes = 0.05;

    /// <summary>Fraction of its largest epoch mean under which the generator's gradient norm has vanished.</summary>
    public const double VanishedFraction = 0.1;

    /// <summary>Class share under which a class counts as dropped.</summary>
    public const double StarvedShare = 0.01;

    /// <summary>Class share over which one class dominates the samples.</summary>
    public const double DominantShare = 0.5;

    /// <summary>Epochs the oscillation test looks back over.</summary>
    public const int OscillationWindow = 6;

    /// <summary>Direction changes (of <see cref="OscillationWindow"/> − 2 possible) that make a swing an oscillation.</summary>
    public const int OscillationTurns = 3;

    /// <summary>Swing (max − min over the window) relative to the loss's mean size that counts as a real oscillation, not noise.</summary>
    public const double OscillationSwing = 0.25;

    private readonly List<GanSignals> _history = [];
    private readonly HashSet<GanFailure> _holding = [];

    /// <summary>The epochs seen so far.</summary>
    public IReadOnlyList<GanSignals> History => _history;

    /// <summary>Every warning given so far.</summary>
    public List<GanWarning> Warnings { get; } = [];

    /// <summary>Takes the next epoch's signals and returns the failures that began with it.</summary>
    public IReadOnlyList<GanWarning> Add(GanSignals epoch)
    {
        if (_history.Count > 0 && epoch.Epoch <= _history[^1].Epoch)
            throw new ArgumentException($"Epoch {epoch.Epoch} comes after epoch {_history[^1].Epoch}; GAN signals go in epoch order.", nameof(epoch));
        _history.Add(epoch);
        var fresh = new List<GanWarning>();
        foreach (var (failure, evidence) in new[]
        {
            (GanFailure.VanishingGradient, Vanishing()),
            (GanFailure.ModeCollapse, Collapse()),
            (GanFailure.Oscillation, Oscillation()),
        })
        {
            if (evidence is null) { _holding.Remove(failure); continue; }
            if (!_holding.Add(failure)) continue;
            var warning = new GanWarning(failure, epoch.Epoch, $"epoch {epoch.Epoch}: {Title(failure)}: {evidence}. {Advice(failure)}");
            fresh.Add(warning);
            Warnings.Add(warning);
        }
        return fresh;
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    private string? Vanishing()
    {
        var now = _history[^1];
        if (now.DFake is not { } fake || fake >= RejectedFakes) return null;
        double largest = _history.Max(s => s.GGradNorm);
        if (!(now.GGradNorm < VanishedFraction * largest)) return null;
        return $"mean D(G(z)) is {F(fake)} and the generator's gradient norm fell to {F(now.GGradNorm)} from {F(largest)}";
    }

    private string? Collapse()
    {
        if (_history.Count < 2 || Collapsed(_history[^2].Coverage) is null) return null;
        return Collapsed(_history[^1].Coverage) is { } now ? now + " (and in the epoch before)" : null;
    }

    private static string? Collapsed(ClassCoverage? c) =>
        c is null ? null
        : c.LargestShare > DominantShare ? $"class {c.Largest} is {F(100 * c.LargestShare)}% of the judged samples"
        : c.SmallestShare < StarvedShare ? $"class {c.Smallest} is {F(100 * c.SmallestShare)}% of the judged samples"
        : null;

    private string? Oscillation()
    {
        if (_history.Count < OscillationWindow) return null;
        var window = _history.Skip(_history.Count - OscillationWindow).ToList();
        foreach (var (name, values) in new[] { ("g_loss", window.Select(s => s.GLoss).ToArray()), ("d_loss", window.Select(s => s.DLoss).ToArray()) })
        {
            double size = values.Average(Math.Abs), swing = values.Max() - values.Min();
            if (!(size > 1e-12) || swing < OscillationSwing * size) continue;
            if (Math.Abs(Trend(values)) >= swing / 2) continue;
            int turns = 0;
            for (int i = 2; i < values.Length; i++)
                if (Math.Sign(values[i] - values[i - 1]) * Math.Sign(values[i - 1] - values[i - 2]) < 0) turns++;
            if (turns < OscillationTurns) continue;
            return $"{name} changed direction {turns} times in the last {OscillationWindow} epochs, swinging between {F(values.Min())} and {F(values.Max())} without a trend";
        }
        return null;
    }

    /// <summary>The least-squares line's rise over the window (its slope × the epochs it spans).</summary>
    private static double Trend(double[] values)
    {
        double meanX = (values.Length - 1) / 2.0, meanY = values.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sxy += (i - meanX) * (values[i] - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        return sxy / sxx * (values.Length - 1);
    }

    /// <summary>The failure's name in a warning, e.g. "vanishing generator gradient".</summary>
    public static string Title(GanFailure failure) => failure switch
    {
        GanFailure.VanishingGradient => "vanishing generator gradient",
        GanFailure.ModeCollapse => "mode collapse",
        _ => "oscillation",
    };

    /// <summary>What the failure means and what usually helps.</summary>
    public static string Advice(GanFailure failure) => failure switch
    {
        GanFailure.VanishingGradient => "The discriminator wins so clearly that log(1 − D(G(z))) is flat and the generator learns almost nothing; "
            + "the non-saturating loss (--generator-loss non-saturating), fewer discriminator steps (--discriminator-steps) or a lower rate usually help.",
        GanFailure.ModeCollapse => "The generator covers few modes of the data, which the discriminator alone does not punish; "
            + "packing (--pack 2 or more), averaging the generator's weights (--generator-average 0.999) or a lower rate usually help.",
        _ => "Each player's update undoes the other's instead of approaching an equilibrium; a lower learning rate (--lr), a lower Adam beta1, "
            + "fewer discriminator steps or averaging the generator's weights (--generator-average 0.999) usually help.",
    };
}
