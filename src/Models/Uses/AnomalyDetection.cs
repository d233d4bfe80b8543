using System.Diagnostics;
using KernelGen.Models.Data;

namespace KernelGen.Models.Uses;

/// <summary>AUROC of one normal class in the one-class protocol.</summary>
/// <param name="NormalClass">The class trained on (the others are the anomalies).</param>
/// <param name="Auroc">Area under the ROC curve of the scores on the whole test set.</param>
/// <param name="TrainImages">Training images of the normal class.</param>
/// <param name="TestNormal">Test images of the normal class.</param>
/// <param name="TestAnomalous">Test images of the other classes.</param>
/// <param name="Seconds">Time to train and score.</param>
/// <param name="Scores">The score of every test image, in test-set order.</param>
public sealed record OneClassResult(int NormalClass, double Auroc, int TrainImages, int TestNormal, int TestAnomalous, double Seconds, float[] Scores);

/// <summary>
/// Anomaly detection with generative models: reconstruction error as a score, the exact AUROC of scores against
/// labels, and the one-class protocol of Deep SVDD (Ruff et al., 2018): train on the training images of one class,
/// score every test image, the other classes being the anomalies, and report the AUROC per class.
/// </summary>
public static class AnomalyDetection
{
    /// <summary>Mean squared error per pixel between each image and its reconstruction.</summary>
    public static float[] ReconstructionErrors(IReconstructor model, ReadOnlySpan<float> images, int count, int pixels)
    {
        if (pixels < 1 || count < 0 || images.Length < (long)count * pixels)
            throw new ArgumentException($"{count} images of {pixels} pixels need {(long)count * pixels} values, got {images.Length}.");
        var recon = model.Reconstruct(images, count);
        var errors = new float[count];
        for (int i = 0; i < count; i++)
        {
            double sum = 0;
            for (int j = 0; j < pixels; j++)
            {
                double d = recon[i * pixels + j] - images[i * pixels + j];
                sum += d * d;
            }
            errors[i] = (float)(sum / pixels);
        }
        return errors;
    }

    /// <summary>
    /// The area under the ROC curve of <paramref name="scores"/> (higher: more anomalous) for the labels
    /// <paramref name="anomalous"/>, computed exactly as the Mann–Whitney statistic: the fraction of (anomalous,
    /// normal) pairs where the anomaly scores higher, ties counting one half.
    /// </summary>
    public static double Auroc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> anomalous)
    {
        if (scores.Length != anomalous.Length)
            throw new ArgumentException($"AUROC needs one label per score: {scores.Length} scores, {anomalous.Length} labels.");
        int n = scores.Length, positives = 0;
        for (int i = 0; i < n; i++)
        {
            if (float.IsNaN(scores[i])) throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            if (anomalous[i]) positives++;
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"AUROC needs both anomalous and normal examples; got {positives} anomalous and {negatives} normal.");
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        double rankSum = 0; // sum of the (mid-)ranks of the anomalies, ranks starting at 1
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            double midRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                if (anomalous[order[k]]) rankSum += midRank;
            start = end + 1;
        }
        double u = rankSum - positives * (positives + 1.0) / 2;
        return u / ((double)positives * negatives);
    }

    /// <summary>The images of <paramref name="data"/> with label <paramref name="label"/>.</summary>
    public static Dataset OfClass(Dataset data, int label)
    {
        var indices = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == label).ToArray();
        if (indices.Length == 0) throw new ArgumentException($"Dataset '{data.Name}' has no image of class {label}.", nameof(label));
        var images = new float[indices.Length * data.PixelsPerImage];
        for (int k = 0; k < indices.Length; k++) data.Image(indices[k]).CopyTo(images.AsSpan(k * data.PixelsPerImage));
        return new Dataset($"{data.Name}[class {label}]", images, indices.Select(i => data.Labels[i]).ToArray(), data.Rows, data.Cols, data.Classes);
    }

    /// <summary>
    /// The one-class protocol for every class c of <paramref name="data"/>: <paramref name="train"/> trains a scorer on
    /// the training images of c alone; every test image is scored, those of the other classes being the anomalies.
    /// A scorer that is <see cref="IDisposable"/> is disposed after scoring.
    /// </summary>
    public static IReadOnlyList<OneClassResult> OneClass(DataSplits data, Func<int, Dataset, IAnomalyScorer> train, Action<OneClassResult>? completed = null)
    {
        var results = new List<OneClassResult>();
        var test = data.Test;
        for (int c = 0; c < data.Train.Classes; c++)
        {
            var clock = Stopwatch.StartNew();
            var normal = OfClass(data.Train, c);
            var scorer = train(c, normal);
            try
            {
                var scores = scorer.AnomalyScores(test.Images, test.Count);
                var anomalous = test.Labels.Select(l => l != c).ToArray();
                int anomalies = anomalous.Count(a => a);
                var result = new OneClassResult(c, Auroc(scores, anomalous), normal.Count, test.Count - anomalies, anomalies, clock.Elapsed.TotalSeconds, scores);
                results.Add(result);
                completed?.Invoke(result);
            }
            finally
            {
                (scorer as IDisposable)?.Dispose();
            }
        }
        return results;
    }
}
