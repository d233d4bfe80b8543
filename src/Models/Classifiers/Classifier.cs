using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Classifiers;

/// <summary>
/// A small convolutional classifier (<see cref="ClassifierNetwork"/>) trained with cross-entropy on labelled images.
/// It is a model of the registry (so the trainer, checkpoints and the command line handle it) and the judge of
/// generated samples (<see cref="ISampleJudge"/>).
/// </summary>
public sealed class Classifier : GenerativeModel, IFeatureJudge
{
    private CompiledGraph _train = null!;
    private Tensor _loss = null!;
    private readonly Dictionary<int, (CompiledGraph Graph, Tensor Logits)> _predict = new();
    private readonly Dictionary<int, (CompiledGraph Graph, Tensor Features)> _features = new();

    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public Classifier(ClassifierOptions? options = null) : base(options ?? new ClassifierOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new ClassifierOptions Options => (ClassifierOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "classifier";

    /// <inheritdoc/>
    public override IReadOnlyList<string> LossNames { get; } = ["loss"];

    /// <inheritdoc/>
    public override bool UsesLabels => true;

    /// <summary>Two 2×2 poolings need at least 4×4 images.</summary>
    protected override void CheckImageSize(int rows, int cols)
    {
        if (rows < 4 || cols < 4) throw new ArgumentException($"Model '{Kind}' needs images of at least 4×4 (two 2×2 poolings), got {rows}×{cols}.");
        if (Classes < 2) throw new ArgumentException($"Model '{Kind}' needs at least 2 classes, got {Classes}.");
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        int batch = LocalBatch;
        var g = new GraphBuilder("classifier-train");
        var x = g.Input("x", batch, 1, Rows, Cols);
        var logits = ClassifierNetwork.Head(g, ClassifierNetwork.Features(g, x, Options), Classes, Options);
        _loss = g.CrossEntropy(logits, g.IntInput("y", batch), name: "cross_entropy");
        g.SetLoss(_loss);
        var graphs = CompileWithAdam(accelerator, g);
        _train = graphs[0];
        return graphs;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InferenceParts => [PartNames.Classifier];

    /// <inheritdoc/>
    protected override InferencePart DeclarePartCore(string part, int batch)
    {
        var g = new GraphBuilder("classifier-classifier");
        var logits = ClassifierNetwork.Head(g, ClassifierNetwork.Features(g, g.Input("x", batch, 1, Rows, Cols), Options), Classes, Options);
        return Part(part, g, "logits", logits, "logits: one score per class (softmax gives probabilities; dropout is off)");
    }

    /// <inheritdoc/>
    protected override void TrainStepCore(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        _train.SetInput("x", images);
        _train.SetInput("y", labels);
        _train.Step();
        AccumulateLosses(_train, _loss);
    }

    /// <summary>Test accuracy (fraction of <paramref name="test"/> classified correctly).</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(Dataset test) =>
        new Dictionary<string, double> { ["test_accuracy"] = Accuracy(test) };

    /// <summary>The predicted class of each of <paramref name="count"/> images (dropout off).</summary>
    public int[] Predict(ReadOnlySpan<float> images, int count)
    {
        CheckImages(images, count);
        if (images.Length != (long)count * Pixels)
            throw new ArgumentException($"{count} images of {Rows}×{Cols} need {(long)count * Pixels} values, got {images.Length}.", nameof(images));
        if (count == 0) return [];
        int batch = EvalBatch(count);
        if (!_predict.TryGetValue(batch, out var entry))
        {
            var g = new GraphBuilder($"classifier-predict-{batch}");
            var logits = g.MarkOutput(ClassifierNetwork.Head(g, ClassifierNetwork.Features(g, g.Input("x", batch, 1, Rows, Cols), Options), Classes, Options));
            entry = (CompileExtra(g), logits);
            _predict[batch] = entry;
        }
        var all = BatchedRunner.Run(entry.Graph, "x", entry.Logits, images, count, Pixels, Classes);
        return ClassifierNetwork.ArgMax(all, count, Classes);
    }

    /// <summary>Fraction of the images of <paramref name="data"/> whose predicted class is their label.</summary>
    public double Accuracy(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (IsBuilt && (data.Rows != Rows || data.Cols != Cols))
            throw new ArgumentException($"Dataset '{data.Name}' has {data.Rows}×{data.Cols} images but model '{Kind}' was built for {Rows}×{Cols}.", nameof(data));
        if (data.Classes > Classes)
            throw new ArgumentException($"Dataset '{data.Name}' has {data.Classes} classes but model '{Kind}' was built for {Classes}.", nameof(data));
        if (data.Count == 0) return double.NaN;
        var predicted = Predict(data.Images, data.Count);
        int correct = 0;
        for (int i = 0; i < data.Count; i++) if (predicted[i] == data.Labels[i]) correct++;
        return (double)correct / data.Count;
    }

    /// <inheritdoc/>
    public int FeatureSize => Options.Hidden;

    /// <summary>The penultimate layer (after its ReLU, before dropout and the head) of each of <paramref name="count"/> images.</summary>
    public float[] Features(float[] images, int count)
    {
        CheckImages(images, count);
        if (count == 0) return [];
        int batch = EvalBatch(count);
        if (!_features.TryGetValue(batch, out var entry))
        {
            var g = new GraphBuilder($"classifier-features-{batch}");
            var features = g.MarkOutput(ClassifierNetwork.Features(g, g.Input("x", batch, 1, Rows, Cols), Options));
            entry = (CompileExtra(g), features);
            _features[batch] = entry;
        }
        return BatchedRunner.Run(entry.Graph, "x", entry.Features, images.AsSpan(0, count * Pixels), count, Pixels, FeatureSize);
    }

    private void CheckImages(ReadOnlySpan<float> images, int count)
    {
        if (!IsBuilt) throw new InvalidOperationException($"Model '{Kind}' is not built yet; call Build first.");
        if (count < 0 || images.Length < (long)count * Pixels)
            throw new ArgumentException($"{count} images of {Rows}×{Cols} need {(long)count * Pixels} values, got {images.Length}.", nameof(images));
    }

    private static int EvalBatch(int count)
    {
        int batch = BatchedRunner.EvalBatch(count, 250);
        return batch < 50 ? Math.Min(count, 250) : batch;
    }

    /// <inheritdoc/>
    public int[] Classify(float[] images, int count) => Predict(images.AsSpan(0, Math.Min(images.Length, Math.Max(0, count) * Pixels)), count);
}
