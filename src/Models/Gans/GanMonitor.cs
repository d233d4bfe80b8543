using KernelGen.Models.Training;

namespace KernelGen.Models.Gans;

/// <summary>
/// Watches a GAN's training run for its failure modes (<see cref="GanHealth"/>): hook <see cref="JudgeSamples"/> into
/// <see cref="TrainerOptions.EpochMetrics"/> (class coverage of <see cref="JudgedSamples"/> fixed-noise samples, when a
/// judge is given and the GAN samples unconditionally) and pass each <see cref="EpochReport"/> to <see cref="Observe"/>.
/// </summary>
public sealed class GanMonitor
{
    /// <summary>Samples the judge classifies each epoch.</summary>
    public const int JudgedSamples = 1000;

    private readonly GanModel _gan;
    private readonly ISampleJudge? _judge;
    private readonly ulong _seed;

    /// <summary>Watches <paramref name="gan"/>; class coverage only with a <paramref name="judge"/> and an unconditional GAN.</summary>
    public GanMonitor(GanModel gan, ISampleJudge? judge, ulong seed = 11)
    {
        (_gan, _seed) = (gan, seed);
        _judge = gan is ISampler && gan.Classes >= 2 ? judge : null;
    }

    /// <summary>Whether class coverage is judged (a judge was given and the GAN samples without labels).</summary>
    public bool JudgesCoverage => _judge is not null;

    /// <summary>The health record: every epoch's signals and the warnings given.</summary>
    public GanHealth Health { get; } = new();

    /// <summary>The class coverage of this epoch's samples as metrics (none without a judge).</summary>
    public IReadOnlyDictionary<string, double> JudgeSamples()
    {
        if (_judge is null) return new Dictionary<string, double>();
        var images = ((ISampler)_gan).Sample(JudgedSamples, _seed);
        return ClassCoverage.Of(_judge.Classify(images, JudgedSamples), _gan.Classes).ToMetrics();
    }

    /// <summary>Adds an epoch and returns the failures that began with it.</summary>
    public IReadOnlyList<GanWarning> Observe(EpochReport report) =>
        Health.Add(GanSignals.FromLosses(report.Epoch, report.TrainLosses, ClassCoverage.FromMetrics(report.Test)));

    /// <summary>
    /// Adds the epochs before <paramref name="epoch"/> of a resumed run's metrics (rows as <see cref="MetricsLog.Row"/>
    /// writes them) without reporting their warnings again, so the oscillation window spans the resumption.
    /// </summary>
    public void Replay(MetricsLog metrics, int epoch)
    {
        foreach (var row in metrics.Rows)
        {
            var values = row.ToDictionary(p => p.Key, p => p.Value);
            if (values["epoch"] >= epoch) continue;
            var losses = values.Where(p => p.Key.StartsWith("train_", StringComparison.Ordinal))
                .ToDictionary(p => p.Key["train_".Length..], p => (float)p.Value);
            if (!losses.ContainsKey(GanSignals.GGradNormName)) continue; // written before the norms were recorded
            Health.Add(GanSignals.FromLosses((int)values["epoch"], losses, ClassCoverage.FromMetrics(values)));
        }
    }
}
