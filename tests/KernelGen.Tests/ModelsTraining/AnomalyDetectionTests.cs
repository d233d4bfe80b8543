using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Uses;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>AUROC computed exactly, and the one-class protocol's bookkeeping.</summary>
public sealed class AnomalyDetectionTests
{
    [Test]
    public void AurocIsTheFractionOfCorrectlyOrderedPairs()
    {
        // Anomalies 0.35 and 0.8 against normals 0.1 and 0.4: 0.35 beats 0.1 only, 0.8 beats both: 3 of 4 pairs.
        Assert.That(AnomalyDetection.Auroc([0.1f, 0.4f, 0.35f, 0.8f], [false, false, true, true]), Is.EqualTo(0.75));
        // Ties count one half: anomaly 2 vs normals 1 and 2 gives 1 + ½, anomaly 3 beats both: 3.5 of 4 pairs.
        Assert.That(AnomalyDetection.Auroc([1f, 2f, 2f, 3f], [false, true, false, true]), Is.EqualTo(0.875));
        Assert.That(AnomalyDetection.Auroc([5f, 5f, 5f], [true, false, false]), Is.EqualTo(0.5));
        Assert.That(AnomalyDetection.Auroc([0f, 1f, 2f, 3f, 4f], [false, false, true, true, true]), Is.EqualTo(1.0));
        Assert.That(AnomalyDetection.Auroc([0f, 1f, 2f, 3f, 4f], [true, true, true, false, false]), Is.EqualTo(0.0));
        // 3 anomalies × 4 normals = 12 pairs; anomalies at 0.5, 0.9, 0.2 against 0.1, 0.3, 0.6, 0.7 win 2 + 4 + 1 = 7.
        Assert.That(AnomalyDetection.Auroc([0.1f, 0.5f, 0.3f, 0.9f, 0.6f, 0.2f, 0.7f], [false, true, false, true, false, true, false]), Is.EqualTo(7.0 / 12));
    }

    [Test]
    public void AurocRefusesWhatItCannotScore()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => AnomalyDetection.Auroc([1f, 2f], [true, true]))!.Message, Does.Contain("0 normal"));
        Assert.That(Assert.Throws<ArgumentException>(() => AnomalyDetection.Auroc([1f, 2f], [true]))!.Message, Does.Contain("2 scores, 1 labels"));
        Assert.That(Assert.Throws<ArgumentException>(() => AnomalyDetection.Auroc([1f, float.NaN], [true, false]))!.Message, Does.Contain("NaN"));
    }

    private sealed class InkScorer(int label, List<int> disposed) : IAnomalyScorer, IDisposable
    {
        public float[] AnomalyScores(ReadOnlySpan<float> images, int count)
        {
            var scores = new float[count];
            for (int i = 0; i < count; i++) scores[i] = images.Slice(i * 784, 784).ToArray().Sum();
            return scores;
        }

        public void Dispose() => disposed.Add(label);
    }

    [Test]
    public void OneClassProtocolTrainsOnEachClassAndScoresTheWholeTestSet()
    {
        var data = TinyData.Digits(500, 300);
        var trainedOn = new List<(int Class, int Count, bool OnlyThatClass)>();
        var disposed = new List<int>();
        var results = AnomalyDetection.OneClass(data, (c, normal) =>
        {
            trainedOn.Add((c, normal.Count, normal.Labels.All(l => l == c)));
            return new InkScorer(c, disposed);
        });
        Assert.That(results.Select(r => r.NormalClass), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(trainedOn.All(t => t.OnlyThatClass), Is.True);
        Assert.That(trainedOn.Sum(t => t.Count), Is.EqualTo(500));
        Assert.That(disposed, Is.EqualTo(Enumerable.Range(0, 10)));
        foreach (var r in results)
        {
            Assert.That(r.TestNormal, Is.EqualTo(data.Test.Labels.Count(l => l == r.NormalClass)));
            Assert.That(r.TestNormal + r.TestAnomalous, Is.EqualTo(300));
            Assert.That(r.Scores, Has.Length.EqualTo(300));
            Assert.That(r.Auroc, Is.EqualTo(AnomalyDetection.Auroc(r.Scores, data.Test.Labels.Select(l => l != r.NormalClass).ToArray())));
        }
        // Ink alone already tells the thin 1s from the rest: most other digits use more ink.
        Assert.That(results[1].Auroc, Is.GreaterThan(0.9));
    }

    [Test]
    public void ReconstructionErrorIsTheMeanSquaredErrorPerPixel()
    {
        var model = new HalfReconstructor();
        var images = new float[] { 1, 1, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f };
        Assert.That(AnomalyDetection.ReconstructionErrors(model, images, 2, 4), Is.EqualTo(new[] { 0.25f, 0f }));
    }

    private sealed class HalfReconstructor : IReconstructor
    {
        public float[] Reconstruct(ReadOnlySpan<float> images, int count) => Enumerable.Repeat(0.5f, images.Length).ToArray();
    }

    [Test]
    public void OfClassKeepsOnlyThatClass()
    {
        var d = new Dataset("t", [0, 1, 2, 3], [1, 0, 1, 0], 1, 1, 2);
        var ones = AnomalyDetection.OfClass(d, 1);
        Assert.That(ones.Images, Is.EqualTo(new float[] { 0, 2 }));
        Assert.That(Assert.Throws<ArgumentException>(() => AnomalyDetection.OfClass(d, 5))!.Message, Does.Contain("no image of class 5"));
    }
}
