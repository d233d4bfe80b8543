using KernelGen.Models.Gans;

namespace KernelGen.Tests.Models;

/// <summary>
/// The failure-mode rules of <see cref="GanHealth"/> on made-up epochs: each fires on its evidence and only when it
/// begins, and stays silent on curves like a healthy run's (losses that drift or wobble by a few percent).
/// </summary>
public sealed class GanHealthTests
{
    private static GanSignals Epoch(int e, double dLoss = 1.2, double gLoss = 0.9, double? dFake = 0.35, double gNorm = 2, ClassCoverage? coverage = null) =>
        new(e, dLoss, gLoss, dFake is null ? null : 0.6, dFake, 1.5, gNorm, coverage);

    private static List<GanWarning> Run(params GanSignals[] epochs)
    {
        var health = new GanHealth();
        foreach (var e in epochs) health.Add(e);
        return health.Warnings;
    }

    [Test]
    public void AHealthyRunThatWobblesAndDriftsIsSilent()
    {
        var rnd = new Random(4);
        var epochs = Enumerable.Range(1, 30).Select(e => Epoch(e, dLoss: 1.2 + 0.04 * (rnd.NextDouble() - 0.5), gLoss: 0.8 + 0.02 * e + 0.05 * (rnd.NextDouble() - 0.5),
            dFake: 0.3 + 0.05 * rnd.NextDouble(), gNorm: 2 + rnd.NextDouble(), coverage: new ClassCoverage(3, 0.06, 1, 0.14))).ToArray();
        Assert.That(Run(epochs), Is.Empty);
    }

    [Test]
    public void AVanishingGeneratorGradientUnderARejectingDiscriminatorIsWarnedOnce()
    {
        var warnings = Run(Epoch(1, gNorm: 3), Epoch(2, dFake: 0.02, gNorm: 0.2), Epoch(3, dFake: 0.01, gNorm: 0.1), Epoch(4, dFake: 0.01, gNorm: 0.05));
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0].Failure, Is.EqualTo(GanFailure.VanishingGradient));
        Assert.That(warnings[0].Epoch, Is.EqualTo(2));
        Assert.That(warnings[0].Message, Does.Contain("D(G(z)) is 0.02").And.Contain("0.2 from 3").And.Contain("non-saturating"));
    }

    [Test]
    public void RejectedFakesWithAStrongGeneratorGradientAreNotAVanishingGradient()
    {
        // the non-saturating loss: D(G(z)) → 0 makes −log D(G(z)) steep, not flat
        Assert.That(Run(Epoch(1, gNorm: 3), Epoch(2, dFake: 0.01, gNorm: 8), Epoch(3, dFake: 0.01, gNorm: 9)), Is.Empty);
    }

    [Test]
    public void ACriticHasNoDOfGOfZAndIsNotJudgedForVanishing()
    {
        Assert.That(Run(Epoch(1, dFake: null, gNorm: 3), Epoch(2, dFake: null, gNorm: 0.01)), Is.Empty);
    }

    [TestCase(0.004, 0.2, "class 7 is 0.4%")]
    [TestCase(0.02, 0.61, "class 1 is 61%")]
    public void AStarvedOrADominantClassIsACollapse(double smallest, double largest, string evidence)
    {
        var collapsed = new ClassCoverage(7, smallest, 1, largest);
        var warnings = Run(Epoch(1, coverage: new ClassCoverage(7, 0.06, 1, 0.2)), Epoch(2, coverage: collapsed), Epoch(3, coverage: collapsed));
        Assert.That(warnings.Select(w => (w.Failure, w.Epoch)), Is.EqualTo(new[] { (GanFailure.ModeCollapse, 3) }));
        Assert.That(warnings[0].Message, Does.Contain(evidence).And.Contain("and in the epoch before").And.Contain("--pack"));
    }

    [Test]
    public void OneEpochUnderTheLineIsNoCollapseAndARecoveredCollapseIsWarnedAgainWhenItReturns()
    {
        var collapsed = new ClassCoverage(2, 0, 5, 0.7);
        var fine = new ClassCoverage(2, 0.05, 5, 0.2);
        var warnings = Run(Epoch(1, coverage: collapsed), Epoch(2, coverage: fine), Epoch(3, coverage: collapsed), Epoch(4, coverage: collapsed),
            Epoch(5, coverage: collapsed), Epoch(6, coverage: fine), Epoch(7, coverage: collapsed), Epoch(8, coverage: collapsed));
        Assert.That(warnings.Select(w => w.Epoch), Is.EqualTo(new[] { 4, 8 }));
    }

    [Test]
    public void LossesThatSwingWithoutATrendAreAnOscillation()
    {
        double[] g = [0.8, 3.1, 0.9, 2.8, 0.7, 3.0, 1.0];
        var warnings = Run(g.Select((v, i) => Epoch(i + 1, gLoss: v)).ToArray());
        Assert.That(warnings.Select(w => (w.Failure, w.Epoch)), Is.EqualTo(new[] { (GanFailure.Oscillation, 6) }));
        Assert.That(warnings[0].Message, Does.Contain("g_loss changed direction 4 times").And.Contain("lower learning rate"));
    }

    [Test]
    public void ASwingWithATrendOrOfAFewPercentIsNoOscillation()
    {
        double[] trending = [0.8, 1.6, 1.2, 2.2, 1.8, 3.0];
        double[] small = [1.00, 1.06, 0.98, 1.05, 0.97, 1.04];
        Assert.Multiple(() =>
        {
            Assert.That(Run(trending.Select((v, i) => Epoch(i + 1, gLoss: v)).ToArray()), Is.Empty, "a rising loss that zigzags");
            Assert.That(Run(small.Select((v, i) => Epoch(i + 1, gLoss: v)).ToArray()), Is.Empty, "noise of a few percent");
        });
    }

    [Test]
    public void EpochsOutOfOrderAreRefused()
    {
        var health = new GanHealth();
        health.Add(Epoch(2));
        var e = Assert.Throws<ArgumentException>(() => health.Add(Epoch(2)));
        Assert.That(e!.Message, Does.Contain("Epoch 2 comes after epoch 2"));
    }

    [Test]
    public void CoverageCountsTheRarestAndTheMostFrequentClass()
    {
        var c = ClassCoverage.Of([0, 1, 1, 1, 3, 9, 3], 4);
        Assert.That(c, Is.EqualTo(new ClassCoverage(2, 0, 1, 3.0 / 7)));
        Assert.That(ClassCoverage.FromMetrics(c.ToMetrics()), Is.EqualTo(c));
        Assert.Throws<ArgumentException>(() => ClassCoverage.Of([], 4));
    }

    [Test]
    public void SignalsComeFromAGansLossesAndMissingOnesAreNamed()
    {
        var losses = new Dictionary<string, float> { ["d_loss"] = 1, ["g_loss"] = 2, ["d_real"] = 0.6f, ["d_fake"] = 0.3f, ["d_grad_norm"] = 4, ["g_grad_norm"] = 5 };
        var s = GanSignals.FromLosses(3, losses);
        Assert.That((s.DFake, s.GGradNorm, s.Coverage), Is.EqualTo(((double?)0.3f, 5.0, (ClassCoverage?)null)));
        var e = Assert.Throws<ArgumentException>(() => GanSignals.FromLosses(1, new Dictionary<string, float> { ["loss"] = 1 }));
        Assert.That(e!.Message, Does.Contain("no 'd_loss'").And.Contain("not a GAN's"));
    }
}
