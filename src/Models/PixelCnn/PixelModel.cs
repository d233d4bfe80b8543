using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Models.Data;

namespace KernelGen.Models.PixelCnn;

/// <summary>
/// What the autoregressive pixel models (<see cref="PixelCnn"/>, <see cref="PixelRnn"/>) share: a network that gives
/// one Bernoulli logit per pixel of a binary image, depending only on the pixels before it in raster order; the exact
/// negative log-likelihood as the loss (BCE with logits summed over the pixels, nats per image); dynamic binarization
/// in training and <see cref="FixedTestBinarization"/> in evaluation; sequential sampling and completion.
/// </summary>
public abstract partial class PixelModel : GenerativeModel, ILikelihoodModel
{
    private CompiledGraph _train = null!;
    private Tensor _loss = null!;
    private readonly Dictionary<int, (CompiledGraph Graph, Tensor Nll)> _eval = new();
    private readonly Dictionary<(int Batch, int Height), (CompiledGraph Graph, Tensor Logits)> _logits = new();

    /// <summary>Validates and keeps the options.</summary>
    protected PixelModel(ModelOptions options) : base(options) { }

    /// <inheritdoc/>
    public override IReadOnlyList<string> LossNames { get; } = ["nll"];

    /// <summary>Dynamic: each epoch sees a fresh Bernoulli draw of every training image.</summary>
    public override Binarization Binarization => Binarization.Dynamic;

    /// <summary>Logits (N, 1, H, W) of images x (N, 1, H, W); logit i depends on pixels 0 … i−1 of its image only.</summary>
    protected abstract Tensor Network(GraphBuilder g, Tensor x);

    /// <summary>Summed BCE of a batch (nats), and the per-image mean as the loss.</summary>
    private (Tensor NllSum, Tensor NllPerImage) Objective(GraphBuilder g, int batch)
    {
        var x = g.Input("x", batch, 1, Rows, Cols);
        var sum = g.BinaryCrossEntropyWithLogits(Network(g, x), x, LossReduction.Sum, "nll_sum");
        return (sum, g.Scale(sum, 1f / batch, "nll_per_image"));
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        var train = new GraphBuilder($"{Kind}-train");
        (_, _loss) = Objective(train, LocalBatch);
        train.SetLoss(_loss);
        var graphs = CompileWithAdam(accelerator, train);
        _train = graphs[0];
        return graphs;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InferenceParts => [PartNames.Model];

    /// <inheritdoc/>
    protected override InferencePart DeclarePartCore(string part, int batch)
    {
        var g = new GraphBuilder($"{Kind}-model");
        var logits = Network(g, g.Input("x", batch, 1, Rows, Cols));
        return Part(part, g, "logits", logits, "logits: the Bernoulli logit of each pixel given the pixels before it in raster order (x binary)");
    }

    /// <inheritdoc/>
    protected override void TrainStepCore(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        _train.SetInput("x", images);
        _train.Step();
        AccumulateLosses(_train, _loss);
    }

    /// <summary>The test negative log-likelihood (nats per image) on the fixed binarization of <paramref name="test"/>.</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(Dataset test) =>
        new Dictionary<string, double> { ["test_nll"] = NegativeLogLikelihood(test) };

    /// <summary>
    /// Exact mean negative log-likelihood in nats per image of the images of <paramref name="data"/>, binarized by
    /// <see cref="FixedTestBinarization"/> (binary images are used as they are).
    /// </summary>
    public double NegativeLogLikelihood(Dataset data)
    {
        RequireFormat(data);
        var images = FixedTestBinarization.Of(data);
        int batch = BatchedRunner.EvalBatch(data.Count, 100);
        if (!_eval.TryGetValue(batch, out var eval))
        {
            var g = new GraphBuilder($"{Kind}-eval-{batch}");
            var (sum, _) = Objective(g, batch);
            g.MarkOutput(sum);
            eval = (CompileExtra(g), sum);
            _eval[batch] = eval;
        }
        eval.Graph.Training = false;
        double total = 0;
        for (int start = 0; start < data.Count; start += batch)
        {
            eval.Graph.SetInput("x", images.AsSpan(start * Pixels, batch * Pixels));
            eval.Graph.Forward();
            total += eval.Graph.Read(eval.Nll)[0];
        }
        return total / data.Count;
    }

    /// <summary>The logit of every pixel (count × rows·cols) of <paramref name="count"/> images, as the model sees them.</summary>
    public float[] Logits(ReadOnlySpan<float> images, int count)
    {
        var (graph, logits) = LogitsGraph(Math.Clamp(count, 1, Options.BatchSize), Rows);
        return BatchedRunner.Run(graph, "x", logits, images, count, Pixels, Pixels);
    }

    private (CompiledGraph Graph, Tensor Logits) LogitsGraph(int batch, int height)
    {
        if (!_logits.TryGetValue((batch, height), out var entry))
        {
            var g = new GraphBuilder($"{Kind}-logits-{batch}x{height}");
            var logits = g.MarkOutput(Network(g, g.Input("x", batch, 1, height, Cols)));
            entry = (CompileExtra(g), logits);
            _logits[(batch, height)] = entry;
        }
        return entry;
    }

    private void RequireFormat(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!IsBuilt) throw new InvalidOperationException($"Model '{Kind}' is not built yet; call Build first.");
        if (data.Rows != Rows || data.Cols != Cols)
            throw new ArgumentException($"Dataset '{data.Name}' has {data.Rows}×{data.Cols} images but model '{Kind}' was built for {Rows}×{Cols}.", nameof(data));
    }
}
