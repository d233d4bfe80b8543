using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Models.Classifiers;
using KernelGen.Models.Data;

namespace KernelGen.Models.Uses;

/// <summary>
/// The graphs of one <see cref="FewLabels"/> classifier on one parameter store: the denoising autoencoder that pretrains
/// the convolutions of the feature extractor (only when <c>pretrain</c>; conv → code of Hidden units → 400 → pixels), the classifier step on the labelled images (features frozen or
/// trained), and a prediction graph.
/// </summary>
internal sealed class FewLabelsNetwork : IDisposable
{
    private const string DecoderGroup = "decoder";
    private readonly CompiledGraph[] _graphs;
    private readonly CompiledGraph? _autoencoder;
    private readonly CompiledGraph _labelled, _predict;
    private readonly Tensor _logits;
    private readonly int _rows, _cols, _classes, _batch;
    private readonly float _learningRate;

    public FewLabelsNetwork(Accelerator accelerator, Dataset train, FewLabelsOptions options, int labelledCount, bool pretrain, bool freezeFeatures)
    {
        var net = options.Network;
        (_rows, _cols, _classes, _batch, _learningRate) = (train.Rows, train.Cols, train.Classes, net.BatchSize, net.LearningRate);
        var graphs = new List<GraphBuilder>();
        if (pretrain)
        {
            var ae = new GraphBuilder("few-labels-autoencoder");
            var x = ae.Input("x", _batch, 1, _rows, _cols);
            var noisy = options.MaskingNoise > 0 ? ae.MaskingNoise(x, options.MaskingNoise) : x;
            // The autoencoder's code layer is its own: only the convolutions carry over to the classifier, whose
            // fully connected feature layer starts from its initialization (as in the from-scratch classifier).
            var conv = ClassifierNetwork.ConvolutionalFeatures(ae, noisy, net);
            var logits = ae.InGroup(DecoderGroup, () =>
            {
                var code = ae.Relu(ae.Linear(conv, net.Hidden, "autoencoder.code"));
                return ae.Linear(ae.Relu(ae.Linear(code, 400, "decoder.fc1")), _rows * _cols, "decoder.fc2");
            });
            var bce = ae.BinaryCrossEntropyWithLogits(logits, ae.Flatten(x), LossReduction.Sum);
            ae.SetLoss(ae.Scale(bce, 1f / _batch, "bce_per_image"));
            graphs.Add(ae);
        }
        var labelled = new GraphBuilder("few-labels-classifier");
        var lx = labelled.Input("x", labelledCount, 1, _rows, _cols);
        var ll = ClassifierNetwork.Head(labelled, ClassifierNetwork.Features(labelled, lx, net), _classes, net);
        labelled.SetLoss(labelled.CrossEntropy(ll, labelled.IntInput("y", labelledCount)));
        if (freezeFeatures) labelled.Freeze(ClassifierNetwork.FeatureGroup);
        graphs.Add(labelled);

        var predict = new GraphBuilder("few-labels-predict");
        _logits = predict.MarkOutput(ClassifierNetwork.Head(predict,
            ClassifierNetwork.Features(predict, predict.Input("x", 250, 1, _rows, _cols), net), _classes, net));
        graphs.Add(predict);

        _graphs = Compiler.Compile(accelerator, new CompileOptions { Seed = options.Seed }, [.. graphs]);
        foreach (var group in _graphs[0].Store.Groups) group.UseOptimizer(new Adam(_learningRate));
        _autoencoder = pretrain ? _graphs[0] : null;
        (_labelled, _predict) = (_graphs[^2], _graphs[^1]);
    }

    /// <summary>Trains the autoencoder on every image of <paramref name="train"/> (labels unused); returns the last epoch's mean loss (of every 10th step).</summary>
    public double Pretrain(Dataset train, int epochs, Action<string> log)
    {
        var ae = _autoencoder ?? throw new InvalidOperationException("This network was built without an autoencoder.");
        var batches = new BatchIterator(train, _batch, ae.Options.Seed);
        var x = new float[_batch * _rows * _cols];
        double mean = double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            double sum = 0;
            int steps = 0, reads = 0;
            while (batches.TryNext(x, Span<int>.Empty, out _))
            {
                ae.SetInput("x", x);
                ae.Step();
                if (++steps % 10 == 0) { sum += ae.ReadLoss(); reads++; } // a read waits for the device: every 10th step only
            }
            if (reads == 0) { sum = ae.ReadLoss(); reads = 1; }
            mean = sum / reads;
            log($"few-labels: autoencoder epoch {epoch + 1}: loss {mean:F2} nats/image");
        }
        ae.ReadLoss(); // waits for the last step before the optimizer state is replaced
        // The classifier stage starts with fresh Adam moments: the autoencoder's (from a BCE summed over the pixels,
        // gradients far larger than the cross-entropy's) would shrink the encoder's steps to almost nothing.
        foreach (var group in ae.Store.Groups) group.UseOptimizer(new Adam(_learningRate));
        return mean;
    }

    /// <summary>Trains the classifier on the labelled images, all of them each step, shifted at random.</summary>
    public void TrainLabelled(float[] images, int[] labels, FewLabelsOptions options)
    {
        var augment = new ShiftAugmentation(options.Shift, options.Seed);
        var x = new float[images.Length];
        for (int step = 0; step < options.LabelledSteps; step++)
        {
            augment.Apply(images, x, labels.Length, _rows, _cols);
            _labelled.SetInput("x", x);
            _labelled.SetInput("y", labels);
            _labelled.Step();
        }
        _labelled.ReadLoss(); // waits, and reports a label outside the classes
    }

    /// <summary>Fraction of <paramref name="test"/> classified correctly.</summary>
    public double Accuracy(Dataset test)
    {
        var logits = BatchedRunner.Run(_predict, "x", _logits, test.Images, test.Count, _rows * _cols, _classes);
        var predicted = ClassifierNetwork.ArgMax(logits, test.Count, _classes);
        return (double)predicted.Where((p, i) => p == test.Labels[i]).Count() / test.Count;
    }

    public void Dispose()
    {
        foreach (var g in Enumerable.Reverse(_graphs)) g.Dispose();
    }
}
